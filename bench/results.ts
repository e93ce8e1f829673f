/** Writes one benchmark's figures to bench/results/<name>.json and prints them as a table. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export function report(name: string, figures: Record<string, number | string>): void {
  const dir = fileURLToPath(new URL('results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}${name}.json`, `${JSON.stringify({ name, at: new Date().toISOString(), node: process.version, ...figures }, null, 2)}\n`);
  console.table(figures);
}
