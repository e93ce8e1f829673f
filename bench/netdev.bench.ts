/**
 * CPU per NetDev reading and RSS of the agent against prometheus-node-exporter doing the same job, in the same run.
 *
 * Ours: the built agent with only [NetDev] at Freq = 1 (plus its internal source, as always), sending to Bosun `Host`
 * = a loopback receiver in its own process. The exporter: `--collector.disable-defaults --collector.netdev`, scraped
 * once a second at the same time. CPU of both from /proc schedstat (all threads, ns resolution) over the same
 * windows; per reading for us (every datapoint read, batched, encoded and sent), per scrape for the exporter (read
 * and rendered). RSS of both at the end, and of a bare node process for scale.
 *
 * Two windows: 15–45 s after start (what this benchmark measured before, and its baseline), and a steady one after
 * STEADY_AFTER_SECONDS. Code that runs once a second is interpreted at first and optimised by V8 over the first minutes:
 * the agent's CPU per reading falls by about half between the first minute and the fifth, then stays there (a daemon
 * runs for days, so the steady window is the one the goal is about). The exporter, compiled ahead of time, has no such
 * phase; it is measured in the same windows.
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { request } from 'undici';
import { freePort, hasCommand, spawnDaemon, stopAll, waitFor } from '../test/servers/harness.js';
import { startAgentProcess } from './agentProcess.js';
import { startLoopbackReceiver } from './loopback.js';
import { load, processCpuMs, round, rssMiB } from './measure.js';
import { report } from './results.js';

const EXPORTER = '/usr/bin/prometheus-node-exporter';
const SECONDS = Number(process.env.NETDEV_BENCH_SECONDS ?? 30);
/** Past start-up and V8's memory reducer, which runs its full collections some 8 s after start. */
const WARMUP_SECONDS = Number(process.env.NETDEV_BENCH_WARMUP_SECONDS ?? 15);
/** When the steady window starts; it lasts STEADY_SECONDS. */
const STEADY_AFTER_SECONDS = Number(process.env.NETDEV_BENCH_STEADY_AFTER_SECONDS ?? 300);
const STEADY_SECONDS = Number(process.env.NETDEV_BENCH_STEADY_SECONDS ?? 60);

if (!hasCommand(EXPORTER)) {
  console.error('needs prometheus-node-exporter (test/servers/install.sh installs it)');
  process.exit(1);
}
const loadAtStart = load();
const receiver = await startLoopbackReceiver();
const port = await freePort();
const exporter = spawnDaemon('bench-node-exporter', EXPORTER,
  [`--web.listen-address=127.0.0.1:${port}`, '--collector.disable-defaults', '--collector.netdev']);
const scrape = async (): Promise<string> => {
  const answer = await request(`http://127.0.0.1:${port}/metrics`);
  return answer.body.text();
};
const bare = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 1000)'], { stdio: 'ignore' });
const agent = startAgentProcess(`Host = "${receiver.url}"\nFreq = 1\n[NetDev]\n`);

interface Window {
  seconds: number;
  oursMs: number;
  theirsMs: number;
  points: number;
}

/** Scrapes the exporter once a second from now until `untilS` after `startedAt` (it is scraped the whole run). */
async function scrapeUntil(startedAt: number, untilS: number): Promise<number> {
  let series = 0;
  while (performance.now() - startedAt < untilS * 1000) {
    const text = await scrape();
    series = text.split('\n').filter((line) => line.startsWith('node_network_')).length;
    await sleep(1000);
  }
  return series;
}

/** CPU of both and points received from `fromS` to `toS` after `startedAt`, scraping all along. */
async function measure(startedAt: number, fromS: number, toS: number): Promise<Window & { series: number }> {
  await scrapeUntil(startedAt, fromS);
  const oursBefore = processCpuMs(agent.pid);
  const theirsBefore = processCpuMs(exporter.pid);
  const pointsBefore = await receiver.received();
  const series = await scrapeUntil(startedAt, toS);
  return {
    seconds: toS - fromS,
    oursMs: processCpuMs(agent.pid) - oursBefore,
    theirsMs: processCpuMs(exporter.pid) - theirsBefore,
    points: (await receiver.received()) - pointsBefore,
    series,
  };
}

try {
  await waitFor('node-exporter', async () => (await scrape()).includes('node_network_receive_bytes_total'), 10_000);
  const startedAt = performance.now();
  const early = await measure(startedAt, WARMUP_SECONDS, WARMUP_SECONDS + SECONDS);
  const steady = await measure(startedAt, STEADY_AFTER_SECONDS, STEADY_AFTER_SECONDS + STEADY_SECONDS);
  report('netdev', {
    seconds: SECONDS,
    'ours: datapoints per reading (NetDev + internal)': round(steady.points / steady.seconds, 1),
    // the first window keeps the keys of the baseline and of earlier runs
    'first window: seconds after start': `${WARMUP_SECONDS}–${WARMUP_SECONDS + SECONDS}`,
    'ours: CPU ms per reading': round(early.oursMs / early.seconds, 2),
    'exporter: CPU ms per scrape': round(early.theirsMs / early.seconds, 2),
    'CPU ratio ours/exporter, first window': round(early.oursMs / early.theirsMs, 2),
    'steady window: seconds after start': `${STEADY_AFTER_SECONDS}–${STEADY_AFTER_SECONDS + STEADY_SECONDS}`,
    'ours: CPU ms per reading, steady': round(steady.oursMs / steady.seconds, 2),
    'exporter: CPU ms per scrape, steady': round(steady.theirsMs / steady.seconds, 2),
    'CPU ratio ours/exporter, steady (goal ≤ 1)': round(steady.oursMs / steady.theirsMs, 2),
    'ours: RSS MiB': round(rssMiB(agent.pid), 1),
    'exporter: node_network_* series per scrape': steady.series,
    'exporter: RSS MiB': round(rssMiB(exporter.pid), 1),
    'bare node: RSS MiB': round(rssMiB(bare.pid ?? 0), 1),
    load: `${loadAtStart} → ${load()}`,
  });
} finally {
  await agent.stop();
  bare.kill();
  receiver.stop();
  await exporter.stop(2000);
  await stopAll();
}
