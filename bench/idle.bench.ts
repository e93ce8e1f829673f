/**
 * What the agent costs while it waits: the embedded default (no config file, host collectors printed to stdout) at
 * Freq 15, over 30 s after its first readings. CPU from /proc/<pid>/stat; wake-ups as the voluntary context switches of
 * all its threads (/proc/<pid>/task/<tid>/status), which is what a timer firing costs. A bare node process with one
 * 15 s interval is measured in the same window for scale. Goal: ≤ 30 ms CPU per 30 s.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAgentProcess } from './agentProcess.js';
import { load, processCpuMs, round } from './measure.js';
import { report } from './results.js';

const WINDOW_SECONDS = Number(process.env.IDLE_BENCH_SECONDS ?? 30);
const SETTLE_MS = 3000;

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
try {
  await agent.firstLineMs;
  await sleep(SETTLE_MS);
  const linesBefore = agent.lines;
  const cpuBefore = processCpuMs(agent.pid);
  const wakeBefore = wakeUps(agent.pid);
  const bareCpuBefore = processCpuMs(barePid);
  const bareWakeBefore = wakeUps(barePid);
  await sleep(WINDOW_SECONDS * 1000);
  const cpuMs = processCpuMs(agent.pid) - cpuBefore;
  const wakes = wakeUps(agent.pid) - wakeBefore;
  const perWindow = 30 / WINDOW_SECONDS;
  report('idle', {
    seconds: WINDOW_SECONDS,
    'datapoints printed in the window': agent.lines - linesBefore,
    'ours: CPU ms per 30 s (readings included)': round(cpuMs * perWindow, 0),
    'ours: wake-ups per second': round(wakes / WINDOW_SECONDS, 1),
    'bare node: CPU ms per 30 s': round((processCpuMs(barePid) - bareCpuBefore) * perWindow, 0),
    'bare node: wake-ups per second': round((wakeUps(barePid) - bareWakeBefore) / WINDOW_SECONDS, 1),
    load: `${loadAtStart} → ${load()}`,
  });
} finally {
  await agent.stop();
  bare.kill();
}
