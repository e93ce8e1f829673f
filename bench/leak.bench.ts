/**
 * Leak check in virtual time: the public `startPipeline` with 4 sources polled every second for 10^6 ticks in all
 * (250 000 readings each, 10 points per reading, tags + DropMetrics + validate + batch into a count-only sink), on a
 * scheduler that reschedules in place (bench/inPlaceScheduler.ts). The heap is measured after a full GC once the
 * pipeline is warm and again at the end: what stays is a leak. For comparison the same run for 10^5 ticks on RxJS's
 * stock VirtualTimeScheduler, whose per-reschedule actions show up as heap growth that is not ours.
 */
import { of, VirtualTimeScheduler, type SchedulerLike } from 'rxjs';
import type { Datum } from '../src/datum.js';
import { startPipeline, type PipelineSource } from '../src/pipeline.js';
import { emptySinkStats, type Sink } from '../src/sinks/sink.js';
import { InPlaceVirtualScheduler } from './inPlaceScheduler.js';
import { collectGarbage, load, round } from './measure.js';
import { report } from './results.js';

const SOURCES = 4;
const INTERVAL_MS = 1000;

function countingSink(): Sink & { received: number } {
  const sink = {
    name: 'count',
    received: 0,
    write(points: readonly Datum[]) {
      sink.received += points.length;
    },
    writeMetadata: () => undefined,
    flush: () => Promise.resolve(true),
    close: () => Promise.resolve([]),
    stats: emptySinkStats,
  };
  return sink;
}

function sources(scheduler: SchedulerLike): PipelineSource[] {
  return Array.from({ length: SOURCES }, (_, index) => ({
    name: `leak${index}`, intervalMs: INTERVAL_MS, timeoutMs: 500, jitterMs: 0,
    create: () => ({
      name: `leak${index}`, metadata: [],
      collect: () => of(Array.from({ length: 10 }, (_, i): Datum => ({
        metric: `leak.metric${i}`, timestamp: Math.floor(scheduler.now() / 1000) + 1, value: i, tags: { n: String(index) },
      }))),
    }),
  }));
}

/** Heap bytes retained per tick between a warm point and the end, after full GCs. */
function run(ticks: number, scheduler: SchedulerLike, advanceTo: (ms: number) => void, stop = true): { bytesPerTick: number; points: number } {
  const sink = countingSink();
  const pipeline = startPipeline({
    hostname: 'leak', tags: { dc: 'x' }, sink, dropMetrics: ['never.*'], scheduler,
    batch: { maxDelayMs: 5000, maxPoints: 500 },
    breaker: { failureThreshold: 3, cooldownMs: 1000 }, retry: { initialMs: 100, maxRetries: 0 },
  }, sources(scheduler));
  const readingsPerSource = ticks / SOURCES;
  const warm = Math.floor(readingsPerSource / 10);
  advanceTo(warm * INTERVAL_MS);
  collectGarbage();
  const heapWarm = process.memoryUsage().heapUsed;
  advanceTo(readingsPerSource * INTERVAL_MS);
  collectGarbage();
  const heapEnd = process.memoryUsage().heapUsed;
  // The stock scheduler's chain of actions overflows the stack on unsubscription; that run is only looked at.
  if (stop) void pipeline.stop(0);
  return { bytesPerTick: (heapEnd - heapWarm) / ((readingsPerSource - warm) * SOURCES), points: sink.received };
}

const loadAtStart = load();
const inPlace = new InPlaceVirtualScheduler();
const ours = run(1_000_000, inPlace, (ms) => inPlace.advanceTo(ms));
const stock = new VirtualTimeScheduler();
const theirs = run(100_000, stock, (ms) => {
  stock.maxFrames = ms;
  stock.flush();
}, false);
report('leak', {
  'ticks (in-place scheduler)': 1_000_000,
  'datapoints through': ours.points,
  'heap bytes retained per tick (in-place scheduler)': round(ours.bytesPerTick, 2),
  'heap bytes per tick with the stock VirtualTimeScheduler (10^5 ticks; its own actions)': round(theirs.bytesPerTick, 1),
  load: `${loadAtStart} → ${load()}`,
});
