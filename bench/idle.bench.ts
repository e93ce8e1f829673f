/**
 * What the agent costs while it waits: the embedded default (no config file, host collectors printed to stdout) at
 * Freq 15. The embedded default has no start jitter, so every collector reads at the first datapoint (t0) and then at
 * t0 + 15 s, t0 + 30 s… Measured: the 30 s from just before t0 + 15 s (two readings and their printing included), and
 * the quiet parts only — from 6 s after each reading (the batch has left after FlushInterval 5 s) to 1 s before the
 * next — scaled to 30 s. CPU from /proc schedstat (all threads, ns); wake-ups as the voluntary context switches of all its threads
 * (/proc/<pid>/task/<tid>/status), which is what a timer firing costs. A bare node process with one 15 s interval is
 * measured over the same 30 s for scale. Goal: ≤ 30 ms CPU per 30 s between readings.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAgentProcess } from './agentProcess.js';
import { load, processCpuMs, round } from './measure.js';
import { report } from './results.js';

const FREQ_MS = 15_000;
const QUIET_FROM_MS = 6000;
const QUIET_UNTIL_MS = 14_000;

/** Voluntary context switches of every thread of `pid`: each is a sleep the process woke up from. */
function wakeUps(pid: number): number {
  let total = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    const status = readFileSync(`/proc/${pid}/task/${tid}/status`, 'utf8');
    total += Number(/voluntary_ctxt_switches:\s*(\d+)/.exec(status)?.[1] ?? 0);
  }
  return total;
}

const loadAtStart = load();
const agent = startAgentProcess(undefined, [], { RX_COLLECTOR_FREQ: '15' });
const bare = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 15000)'], { stdio: 'ignore' });
const barePid = bare.pid ?? 0;
/** Waits until `atMs` on the performance.now() clock. */
const until = (atMs: number): Promise<void> => sleep(Math.max(0, atMs - performance.now()));

try {
  await agent.firstLineMs;
  const t0 = performance.now();
  await until(t0 + FREQ_MS - 1000);
  const linesBefore = agent.lines;
  const cpuBefore = processCpuMs(agent.pid);
  const wakeBefore = wakeUps(agent.pid);
  const bareCpuBefore = processCpuMs(barePid);
  const bareWakeBefore = wakeUps(barePid);
  let quietCpuMs = 0;
  let quietWakes = 0;
  for (const reading of [1, 2]) {
    await until(t0 + reading * FREQ_MS + QUIET_FROM_MS);
    const [cpu, wakes] = [processCpuMs(agent.pid), wakeUps(agent.pid)];
    await until(t0 + reading * FREQ_MS + QUIET_UNTIL_MS);
    quietCpuMs += processCpuMs(agent.pid) - cpu;
    quietWakes += wakeUps(agent.pid) - wakes;
  }
  await until(t0 + 3 * FREQ_MS - 1000);
  const quietSeconds = (2 * (QUIET_UNTIL_MS - QUIET_FROM_MS)) / 1000;
  report('idle', {
    'datapoints printed in 30 s': agent.lines - linesBefore,
    'ours: CPU ms per 30 s, two readings included': round(processCpuMs(agent.pid) - cpuBefore, 1),
    'ours: CPU ms per 30 s between readings (goal ≤ 30)': round((quietCpuMs * 30) / quietSeconds, 1),
    'ours: wake-ups per second, readings included': round((wakeUps(agent.pid) - wakeBefore) / 30, 1),
    'ours: wake-ups per second between readings': round(quietWakes / quietSeconds, 1),
    'bare node: CPU ms per 30 s': round(processCpuMs(barePid) - bareCpuBefore, 1),
    'bare node: wake-ups per second': round((wakeUps(barePid) - bareWakeBefore) / 30, 1),
    load: `${loadAtStart} → ${load()}`,
  });
} finally {
  await agent.stop();
  bare.kill();
}
