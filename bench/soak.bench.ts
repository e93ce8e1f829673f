/**
 * Soak: the built CLI (or RX_CLI) for SOAK_MINUTES (default 30) at Freq=1 with NetDev + internal, shipping to the
 * fault receiver (up the whole time; SOAK_GALERA=1 adds a Galera collector whose server accepts and never answers, so
 * it times out every second). RSS from /proc and the heap the agent reports about itself are sampled every 10 s; the
 * slope after warm-up (the first fifth) is what a leak would show, and the range after warm-up (max − min) is what
 * "flat within 5 MB" is judged by. Every sample is kept beside the figures in bench/results/<name>.samples.json.
 * Not a test: figures.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { startFaultReceiver } from '../test/servers/faultReceiver.js';
import { freePort } from '../test/servers/harness.js';
import { report } from './results.js';

const CLI = process.env.RX_CLI ?? fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const MINUTES = Number(process.env.SOAK_MINUTES ?? 30);
const GALERA = process.env.SOAK_GALERA === '1';
const SAMPLE_MS = 10_000;

/** MB per hour of a least-squares line through (seconds, MB). */
function slopePerHour(samples: readonly [number, number][]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const meanX = samples.reduce((sum, [x]) => sum + x, 0) / n;
  const meanY = samples.reduce((sum, [, y]) => sum + y, 0) / n;
  const covariance = samples.reduce((sum, [x, y]) => sum + (x - meanX) * (y - meanY), 0);
  const variance = samples.reduce((sum, [x]) => sum + (x - meanX) ** 2, 0);
  return (covariance / variance) * 3600;
}

const receiver = await startFaultReceiver();
const sockets = new Set<Socket>();
const blackhole = createServer((socket) => {
  sockets.add(socket);
  socket.on('error', () => undefined);
  socket.once('close', () => sockets.delete(socket));
});
const galeraPort = await freePort();
await new Promise<void>((resolve) => blackhole.listen(galeraPort, '127.0.0.1', resolve));
const dir = mkdtempSync(join(tmpdir(), 'rx-soak-'));
const file = join(dir, 'rx.toml');
writeFileSync(file, [`Host = "${receiver.url}"`, 'Sink = "opentsdb"', 'Hostname = "soak"', 'Freq = 1', 'FlushInterval = 1',
  'LogLevel = "error"', 'BreakerFailures = 1000000', 'MaxRetries = 0', '[NetDev]',
  ...(GALERA ? ['[Galera]', 'Host = "127.0.0.1"', `Port = ${galeraPort}`, 'Timeout = 0.9'] : [])].join('\n'));
const child = spawn(process.execPath, [CLI, '-c', file], { stdio: 'ignore' });
const rss: [number, number][] = [];
const heap: [number, number][] = [];
const started = Date.now();
while (Date.now() - started < MINUTES * 60_000) {
  await sleep(SAMPLE_MS);
  const seconds = (Date.now() - started) / 1000;
  const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
  rss.push([seconds, Number(match?.[1] ?? 0) / 1024]);
  const lastHeap = receiver.points.findLast((point) => point.metric === 'rx-collector.heap.used');
  if (lastHeap !== undefined) heap.push([seconds, lastHeap.value / 1e6]);
  receiver.points.splice(0, receiver.points.length - 1000);
}
child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
await receiver.close();
for (const socket of sockets) socket.destroy();
blackhole.close();
const warm = (samples: [number, number][]): [number, number][] => samples.slice(Math.floor(samples.length / 5));
const warmRss = warm(rss).map(([, mb]) => mb);
const name = GALERA ? 'soak-galera' : 'soak';
const resultsDir = fileURLToPath(new URL('results/', import.meta.url));
mkdirSync(resultsDir, { recursive: true });
writeFileSync(`${resultsDir}${name}.samples.json`, `${JSON.stringify({ seconds: rss.map(([s]) => s), rssMB: rss.map(([, mb]) => mb), heapMB: heap })}\n`);
report(name, {
  minutes: MINUTES,
  rssStartMB: Number((rss[0]?.[1] ?? 0).toFixed(1)),
  rssEndMB: Number((rss.at(-1)?.[1] ?? 0).toFixed(1)),
  rssMaxMB: Number(Math.max(...rss.map(([, mb]) => mb)).toFixed(1)),
  rssMinMBAfterWarmup: Number(Math.min(...warmRss).toFixed(1)),
  rssMaxMBAfterWarmup: Number(Math.max(...warmRss).toFixed(1)),
  rssRangeMBAfterWarmup: Number((Math.max(...warmRss) - Math.min(...warmRss)).toFixed(1)),
  rssSlopeMBPerHourAfterWarmup: Number(slopePerHour(warm(rss)).toFixed(2)),
  heapSlopeMBPerHourAfterWarmup: Number(slopePerHour(warm(heap)).toFixed(2)),
});
