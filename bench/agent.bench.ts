/**
 * The real agent's footprint: the built CLI on its embedded default collectors, reading every second for 30 s,
 * printing to a pipe we drain. Reports peak and final RSS and CPU time per second of running, from /proc.
 * For comparison (design notes): collectd ≈ 7 MB RSS, prometheus-mysqld-exporter ≈ 16 MB.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { report } from './results.js';

const RUN_SECONDS = 30;
const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function rssBytes(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:')) ?? '';
  return Number(/(\d+)/.exec(line)?.[1] ?? 0) * 1024;
}

function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND;
}

const dir = mkdtempSync(join(tmpdir(), 'rx-bench-agent-'));
const config = join(dir, 'agent.toml');
writeFileSync(config, 'Sink = "stdout"\nFreq = 1\nLogLevel = "warn"\n[NetDev]\n[HasIpAddr]\nIpv4 = ["127.0.0.1"]\n[Bonding]\n');
const child = spawn(process.execPath, [CLI, '-c', config], { stdio: ['ignore', 'pipe', 'inherit'] });
let lines = 0;
child.stdout.on('data', (chunk: Buffer) => { lines += chunk.toString().split('\n').length - 1; });
const pid = child.pid ?? 0;
await sleep(2000);
const cpuAtStart = cpuSeconds(pid);
let peak = 0;
for (let second = 0; second < RUN_SECONDS; second += 1) {
  peak = Math.max(peak, rssBytes(pid));
  await sleep(1000);
}
const finalRss = rssBytes(pid);
const cpu = cpuSeconds(pid) - cpuAtStart;
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
report('agent', {
  seconds: RUN_SECONDS,
  datapointsPrinted: lines,
  peakRssMB: Number((peak / 1e6).toFixed(1)),
  finalRssMB: Number((finalRss / 1e6).toFixed(1)),
  cpuPercent: Number(((cpu / RUN_SECONDS) * 100).toFixed(2)),
});
