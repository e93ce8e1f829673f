/**
 * Throughput and footprint of the data path: readings of 500 points each from 50 sources go through tag, DontSend,
 * validate and batch into a sink that only counts. Reports points per CPU-second and the memory the run costs.
 * Target (design.md "tiny footprint"): ≥ 200 000 points per CPU-second; < 30 MB heap growth for 1 M points.
 */
import { of } from 'rxjs';
import type { Datum } from '../src/datum.js';
import { startPipeline, type PipelineSource } from '../src/pipeline.js';
import { emptySinkStats, type Sink } from '../src/sinks/sink.js';
import { report } from './results.js';

const SOURCES = 50;
const POINTS_PER_READING = 500;
const TARGET_POINTS = 1_000_000;

function reading(sourceIndex: number): Datum[] {
  const timestamp = Math.floor(Date.now() / 1000);
  return Array.from({ length: POINTS_PER_READING }, (_, i) => ({
    metric: `bench.source${sourceIndex}.metric${i % 25}`, timestamp, value: i * 1.5, tags: { iface: `eth${i % 20}` },
  }));
}

let received = 0;
let finish: () => void = () => undefined;
const allReceived = new Promise<void>((resolve) => { finish = resolve; });
const sink: Sink = {
  name: 'count',
  write(points) {
    received += points.length;
    if (received >= TARGET_POINTS) finish();
  },
  writeMetadata: () => undefined,
  flush: () => Promise.resolve(true),
  close: () => Promise.resolve([]),
  stats: emptySinkStats,
};

const sources: PipelineSource[] = Array.from({ length: SOURCES }, (_, index) => ({
  name: `bench${index}`, intervalMs: 1, timeoutMs: 1000, jitterMs: 0,
  create: () => ({ name: `bench${index}`, metadata: [], collect: () => of(reading(index)) }),
}));

globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
const cpuBefore = process.cpuUsage();
const wallBefore = performance.now();
const pipeline = startPipeline({
  hostname: 'bench', tags: { dc: 'bench' }, sink, dontSend: ['never.*'],
  batch: { maxDelayMs: 1000, maxPoints: 500 },
  breaker: { failureThreshold: 3, cooldownMs: 1000 }, retry: { initialMs: 100, maxRetries: 0 },
}, sources);
await allReceived;
const cpu = process.cpuUsage(cpuBefore);
const wallMs = performance.now() - wallBefore;
const heapAfter = process.memoryUsage().heapUsed;
await pipeline.stop(0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
report('pipeline', {
  points: received,
  wallMs: Math.round(wallMs),
  cpuSeconds: Number(cpuSeconds.toFixed(3)),
  pointsPerCpuSecond: Math.round(received / cpuSeconds),
  heapGrowthMB: Number(((heapAfter - heapBefore) / 1e6).toFixed(1)),
  rssMB: Number((process.memoryUsage().rss / 1e6).toFixed(1)),
});
