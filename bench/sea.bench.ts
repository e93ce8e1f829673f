/**
 * The single executable (build/sea/rx-collector, `npm run sea`) against `node dist/cli.js`: size on disk, start-up
 * time (`--version`, and to the first datapoint printed by `--once --print`, medians of several runs) and RSS after
 * ten seconds of reading the host collectors every second.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { report } from './results.js';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SEA = join(ROOT, 'build', 'sea', 'rx-collector');
const CLI = join(ROOT, 'dist', 'cli.js');
const RUNS = 7;
const RSS_SECONDS = 10;

const variants: Record<string, readonly string[]> = { sea: [SEA], node: [process.execPath, CLI] };
// `npm run bench` builds dist/ first; the executable is built here when it is not there yet (about a minute)
if (!existsSync(SEA)) {
  const built = spawnSync('npm', ['run', 'sea'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) throw new Error('npm run sea failed: the single executable cannot be measured');
}
if (!existsSync(CLI)) throw new Error(`${CLI} is missing: npm run build`);

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;

function versionMs(command: readonly string[]): number {
  const started = performance.now();
  const result = spawnSync(command[0] ?? '', [...command.slice(1), '--version']);
  if (result.status !== 0) throw new Error(`${command.join(' ')} --version failed`);
  return performance.now() - started;
}

/** Milliseconds from spawn to the first datapoint line on stdout. */
async function firstDatapointMs(command: readonly string[], config: string): Promise<number> {
  const started = performance.now();
  const child = spawn(command[0] ?? '', [...command.slice(1), '-c', config, '--once', '--print'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const ms = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', () => resolve(performance.now() - started));
    child.once('exit', () => reject(new Error(`${command.join(' ')} printed nothing`)));
  });
  await new Promise((resolve) => child.once('exit', resolve));
  return ms;
}

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number(/(\d+)/.exec(line)?.[1] ?? 0) * 1024;
}

async function peakRss(command: readonly string[], config: string): Promise<number> {
  const child = spawn(command[0] ?? '', [...command.slice(1), '-c', config], { stdio: ['ignore', 'ignore', 'ignore'] });
  let peak = 0;
  for (let second = 0; second < RSS_SECONDS; second += 1) {
    await sleep(1000);
    peak = Math.max(peak, rssBytes(child.pid ?? 0));
  }
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return peak;
}

function duBytes(path: string): number {
  return Number(spawnSync('du', ['-sb', path], { encoding: 'utf8' }).stdout.split('\t')[0]);
}

const dir = mkdtempSync(join(tmpdir(), 'rx-bench-sea-'));
const config = join(dir, 'agent.toml');
writeFileSync(config, 'Sink = "stdout"\nFreq = 1\nLogLevel = "warn"\n[NetDev]\n[HasIpAddr]\nIpv4 = ["127.0.0.1"]\n[Bonding]\n');

const figures: Record<string, number> = {
  seaMB: Number((statSync(SEA).size / 1e6).toFixed(1)),
  nodeBinaryMB: Number((statSync(process.execPath).size / 1e6).toFixed(1)),
  distAndNodeModulesMB: Number(((duBytes(join(ROOT, 'dist')) + duBytes(join(ROOT, 'node_modules'))) / 1e6).toFixed(1)),
};
for (const [name, command] of Object.entries(variants)) {
  versionMs(command); // warm the page cache
  figures[`${name}VersionMs`] = Math.round(median(Array.from({ length: RUNS }, () => versionMs(command))));
  const firsts: number[] = [];
  for (let run = 0; run < RUNS; run += 1) firsts.push(await firstDatapointMs(command, config));
  figures[`${name}FirstDatapointMs`] = Math.round(median(firsts));
  figures[`${name}PeakRssMB`] = Number((await peakRss(command, config) / 1e6).toFixed(1));
}
report('sea', figures);
