/** Writes one benchmark's figures to bench/results/<name>.json and prints them as a table. */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

function commit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'unknown';
  }
}

export function report(name: string, figures: Record<string, number | string>): void {
  const dir = fileURLToPath(new URL('results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const record = { name, at: new Date().toISOString(), node: process.version, commit: commit(), ...figures };
  writeFileSync(`${dir}${name}.json`, `${JSON.stringify(record, null, 2)}\n`);
  console.table(figures);
}
