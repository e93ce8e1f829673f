/**
 * Time to first datapoint: the built CLI with no config file and `--print` (what a new user runs first), from spawn
 * to the first line on stdout, ten times; and the CPU the process used by then (from /proc), which a busy machine
 * does not inflate the way it inflates wall-clock time.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { report } from './results.js';

const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const RUNS = 10;
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return ((Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND) * 1000;
}

async function once(): Promise<{ wallMs: number; cpuMs: number }> {
  const startedAt = performance.now();
  // no -c and no /etc file on a bench machine: the embedded default, as a first-time user sees it
  const child = spawn(process.execPath, [CLI, '--print'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const first = await new Promise<{ wallMs: number; cpuMs: number }>((resolve) => {
    child.stdout.once('data', () => resolve({ wallMs: performance.now() - startedAt, cpuMs: cpuMs(child.pid ?? 0) }));
  });
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return first;
}

const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const runs: { wallMs: number; cpuMs: number }[] = [];
for (let run = 0; run < RUNS; run += 1) runs.push(await once());
report('first-datapoint', {
  runs: RUNS,
  medianWallMs: Math.round(median(runs.map((run) => run.wallMs))),
  minWallMs: Math.round(Math.min(...runs.map((run) => run.wallMs))),
  medianCpuMs: Math.round(median(runs.map((run) => run.cpuMs))),
  loadAverage: Number(loadavg()[0]?.toFixed(1)),
});
