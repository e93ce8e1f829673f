/**
 * CPU per NetDev reading and RSS of the agent against prometheus-node-exporter doing the same job, in the same run.
 *
 * Ours: the built agent with only [NetDev] at Freq = 1 (plus its internal source, as always), sending to Bosun `Host`
 * = a loopback receiver in its own process. The exporter: `--collector.disable-defaults --collector.netdev`, scraped
 * once a second at the same time. CPU of both from /proc schedstat (all threads, ns resolution) over the same
 * window after a warm-up; per reading for us (every datapoint read, batched, encoded and sent), per scrape for the exporter (read
 * and rendered). RSS of both at the end, and of a bare node process for scale.
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
try {
  await waitFor('node-exporter', async () => (await scrape()).includes('node_network_receive_bytes_total'), 10_000);
  await sleep(WARMUP_SECONDS * 1000);
  let exporterSeries = 0;
  const oursBefore = processCpuMs(agent.pid);
  const theirsBefore = processCpuMs(exporter.pid);
  const pointsBefore = await receiver.received();
  for (let second = 0; second < SECONDS; second += 1) {
    const text = await scrape();
    exporterSeries = text.split('\n').filter((line) => line.startsWith('node_network_')).length;
    await sleep(1000);
  }
  const oursMs = processCpuMs(agent.pid) - oursBefore;
  const theirsMs = processCpuMs(exporter.pid) - theirsBefore;
  const points = (await receiver.received()) - pointsBefore;
  report('netdev', {
    seconds: SECONDS,
    'ours: datapoints per reading (NetDev + internal)': round(points / SECONDS, 1),
    'ours: CPU ms per reading': round(oursMs / SECONDS, 2),
    'ours: RSS MiB': round(rssMiB(agent.pid), 1),
    'exporter: node_network_* series per scrape': exporterSeries,
    'exporter: CPU ms per scrape': round(theirsMs / SECONDS, 2),
    'exporter: RSS MiB': round(rssMiB(exporter.pid), 1),
    'bare node: RSS MiB': round(rssMiB(bare.pid ?? 0), 1),
    'CPU ratio ours/exporter (goal ≤ 1)': round(oursMs / theirsMs, 2),
    load: `${loadAtStart} → ${load()}`,
  });
} finally {
  await agent.stop();
  bare.kill();
  receiver.stop();
  await exporter.stop(2000);
  await stopAll();
}
