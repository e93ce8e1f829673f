/**
 * `npm run bench`: runs every bench/*.bench.ts in its own process, one after the other (so they do not disturb each
 * other's figures), and fails if any fails. Each writes its figures to bench/results/<name>.json and prints a table.
 * Name filters: `npm run bench -- galera` runs only the benchmarks whose file name contains "galera". Then
 * bench/report.ts writes BENCHMARKS.md from the figures (a filtered run keeps the other benchmarks' last figures).
 */
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('.', import.meta.url));
const filters = process.argv.slice(2);
const benches = readdirSync(dir).filter((file) => file.endsWith('.bench.ts'))
  .filter((file) => filters.length === 0 || filters.some((filter) => file.includes(filter))).sort();
let failed = 0;
for (const file of benches) {
  console.log(`\n=== ${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', '--expose-gc', fileURLToPath(new URL(file, import.meta.url))],
    { stdio: 'inherit' });
  if (result.status !== 0) failed += 1;
}
console.log(`\n${benches.length - failed} benchmarks ran, ${failed} failed`);
const written = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('report.ts', import.meta.url))],
  { stdio: 'inherit' });
if (written.status !== 0) failed += 1;
process.exit(failed === 0 ? 0 : 1);
