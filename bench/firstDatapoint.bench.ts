/**
 * Start to first datapoint: wall time from spawning `rx-collector --print` (embedded default, no config file) to its
 * first line on stdout, against a bare node process printing one line, alternating, median of the runs. Wall time is
 * what a user waits for; the runs alternate so the machine's load weighs on both alike. Also the CPU the agent had
 * used by then, which a busy machine does not inflate the way it inflates wall time. Goal: ≤ 300 ms.
 * Also with FlushInterval = 0.001 s: start-up and first reading alone, without the batch's wait for FlushInterval.
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { startAgentProcess } from './agentProcess.js';
import { load, median, round } from './measure.js';
import { report } from './results.js';

const RUNS = Number(process.env.FIRST_BENCH_RUNS ?? 7);

async function bareNodeMs(): Promise<number> {
  const started = performance.now();
  const child = spawn(process.execPath, ['-e', 'console.log("x")'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
  const ms = performance.now() - started;
  await new Promise((resolve) => child.once('exit', resolve));
  return ms;
}

const loadAtStart = load();
const ours: number[] = [];
const oursCpu: number[] = [];
const noWait: number[] = [];
const bare: number[] = [];
for (let run = 0; run < RUNS; run += 1) {
  const agent = startAgentProcess(undefined, ['--print']);
  ours.push(await agent.firstLineMs);
  oursCpu.push(await agent.firstLineCpuMs);
  await agent.stop();
  const unbatched = startAgentProcess(undefined, ['--print'], { RX_COLLECTOR_FLUSH_INTERVAL: '0.001' });
  noWait.push(await unbatched.firstLineMs);
  await unbatched.stop();
  bare.push(await bareNodeMs());
}
report('firstDatapoint', {
  runs: RUNS,
  'ours: ms to first datapoint (median)': round(median(ours), 0),
  'ours: min–max': `${round(Math.min(...ours), 0)}–${round(Math.max(...ours), 0)}`,
  'ours: CPU ms used by the first datapoint (median)': round(median(oursCpu), 0),
  'ours with FlushInterval 0.001 s: ms to first datapoint (median)': round(median(noWait), 0),
  'bare node: ms to first line (median)': round(median(bare), 0),
  load: `${loadAtStart} → ${load()}`,
});
