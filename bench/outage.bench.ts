/**
 * Memory while the receiver is down: 2 000 000 points pushed through the real OpenTSDB sink towards a port nobody
 * listens on, with MaxQueueLen 200 000. The queue must stay bounded (drop-oldest, every drop counted), so heap
 * growth stays flat however long the outage lasts.
 */
import type { Datum } from '../src/datum.js';
import { createOpenTsdbSink } from '../src/sinks/opentsdb.js';
import { report } from './results.js';

const POINTS = 2_000_000;
const QUEUE = 200_000;
const sink = createOpenTsdbSink({ url: 'http://127.0.0.1:9', maxQueuePoints: QUEUE, maxBatchPoints: 500 });
const timestamp = Math.floor(Date.now() / 1000);
globalThis.gc?.();
const heapBefore = process.memoryUsage().heapUsed;
let peakHeap = 0;
for (let written = 0; written < POINTS; written += 1000) {
  const batch: Datum[] = Array.from({ length: 1000 }, (_, i) =>
    ({ metric: `outage.metric${i % 50}`, timestamp, value: written + i, tags: { host: 'bench', n: String(i % 20) } }));
  sink.write(batch);
  if (written % 100_000 === 0) {
    globalThis.gc?.();
    peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
globalThis.gc?.();
const stats = sink.stats();
await sink.close();
report('outage', {
  pointsWritten: POINTS,
  queued: stats.queued,
  dropped: stats.dropped,
  accountedFor: stats.queued + stats.dropped + stats.sent === POINTS ? 'all' : 'MISSING',
  peakHeapGrowthMB: Number(((peakHeap - heapBefore) / 1e6).toFixed(1)),
});
