/** A Sink that keeps everything in memory, for pipeline tests: what was written, when, and the metadata sets. */
import type { Datum, MetricMeta } from '../../src/datum.js';
import { emptySinkStats, type Sink, type SinkStats } from '../../src/sinks/sink.js';

export interface MemorySink extends Sink {
  readonly batches: { atMs: number; points: readonly Datum[] }[];
  readonly metadataWrites: (readonly MetricMeta[])[];
  points(): Datum[];
  closed: boolean;
}

export function memorySink(now: () => number = Date.now): MemorySink {
  const stats: SinkStats = emptySinkStats();
  const sink: MemorySink = {
    name: 'memory',
    batches: [],
    metadataWrites: [],
    closed: false,
    points: () => sink.batches.flatMap((batch) => batch.points),
    write(points) {
      sink.batches.push({ atMs: now(), points });
      stats.sent += points.length;
      stats.lastBatchPoints = points.length;
    },
    writeMetadata(metadata) {
      sink.metadataWrites.push(metadata);
    },
    flush: () => Promise.resolve(true),
    close() {
      sink.closed = true;
      return Promise.resolve([]);
    },
    stats: () => ({ ...stats }),
  };
  return sink;
}
