/**
 * The operators alone, not the data path: readings of 500 points each from 50 sources go through startPipeline's
 * tags, DropMetrics and validation step, then batch, into a sink that only counts — nothing is encoded or sent (that
 * is endToEnd.bench.ts). Reports points per CPU-second and the heap still retained after a full GC once the points went
 * through (garbage not yet collected is not growth).
 */
import { of } from 'rxjs';
import type { Datum } from '../src/datum.js';
import { startPipeline, type PipelineSource } from '../src/pipeline.js';
import { emptySinkStats, type Sink } from '../src/sinks/sink.js';
import { collectGarbage, ownCpuMs, round } from './measure.js';
import { report } from './results.js';

const SOURCES = 50;
const POINTS_PER_READING = 500;
const TARGET_POINTS = 1_000_000;

/** Readings made per source so far: each reading is stamped a second after the last (validate lets one per second). */
const readingsMade = new Array<number>(SOURCES).fill(0);

/** 500 distinct series (25 metrics × 20 interfaces), as a source sends them. */
function reading(sourceIndex: number): Datum[] {
  const made = (readingsMade[sourceIndex] ?? 0) + 1;
  readingsMade[sourceIndex] = made;
  const timestamp = 1_760_000_000 + made;
  return Array.from({ length: POINTS_PER_READING }, (_, i) => ({
    metric: `bench.source${sourceIndex}.metric${i % 25}`, timestamp, value: i * 1.5, tags: { iface: `eth${Math.floor(i / 25) % 20}` },
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

collectGarbage();
const heapBefore = process.memoryUsage().heapUsed;
const cpuBefore = ownCpuMs();
const wallBefore = performance.now();
const pipeline = startPipeline({
  hostname: 'bench', tags: { dc: 'bench' }, sink, dropMetrics: ['never.*'],
  batch: { maxDelayMs: 1000, maxPoints: 500 },
  breaker: { failureThreshold: 3, cooldownMs: 1000 }, retry: { initialMs: 100, maxRetries: 0 },
}, sources);
await allReceived;
const cpuSeconds = (ownCpuMs() - cpuBefore) / 1000;
const wallMs = performance.now() - wallBefore;
await pipeline.stop(0);
collectGarbage();
const heapAfter = process.memoryUsage().heapUsed;
report('operators', {
  points: received,
  wallMs: Math.round(wallMs),
  cpuSeconds: round(cpuSeconds, 3),
  'points per CPU-second (operators only, count-only sink)': Math.round(received / cpuSeconds),
  'heap retained after GC, MB': round((heapAfter - heapBefore) / 1e6, 1),
});
