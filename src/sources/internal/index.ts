/**
 * The agent's report on itself: `rx-collector.*` metrics, plus rs-collector's three internal names so existing
 * heartbeat alerts keep working. The numbers come from the pipeline through `stats()`; this source only shapes them.
 */
import { getHeapStatistics } from 'node:v8';
import type { Observable } from '../../rx.js';
import { fromSynchronous } from '../abortable.js';
import { nowSeconds, type Datum } from '../../datum.js';
import type { Source } from '../../source.js';
import type { AgentStats, CollectorStats } from '../../stats.js';
import { METRICS } from './metrics.js';
import { residentSet } from './resident.js';

export type { AgentStats, CollectorStats } from '../../stats.js';

export interface InternalOptions {
  stats: () => AgentStats;
  /** The agent's version, e.g. "0.1.0"; its numeric form x·1000000 + y·1000 + z is what is sent. */
  version: string;
  /**
   * How often the pipeline reads this source, in ms: how much later than that a reading starts is the event-loop lag
   * reported. Unset: the shortest gap seen between two readings stands for it.
   */
  intervalMs?: number;
}

/** rs-collector's numeric form of a version, kept for existing heartbeat alerts: x·1000000 + y·1000 + z. */
export function versionNumber(version: string): number {
  const [major = 0, minor = 0, patch = 0] = version.split(/[.-]/).map((part) => Number.parseInt(part, 10) || 0);
  return major * 1_000_000 + minor * 1_000 + patch;
}

function collectorPoints(name: string, stats: CollectorStats, timestamp: number): Datum[] {
  const tags = { collector: name };
  const point = (metric: string, value: number): Datum => ({ metric, timestamp, value, tags });
  return [
    point('rx-collector.collector.duration', stats.lastDurationMs),
    point('rx-collector.collector.readings', stats.readings),
    point('rx-collector.collector.errors', stats.errors),
    point('rx-collector.collector.timeouts', stats.timeouts),
    point('rx-collector.collector.skipped_ticks', stats.skippedTicks),
    point('rx-collector.collector.skipped_fields', stats.skippedFields),
    point('rx-collector.collector.datapoints', stats.datapoints),
    point('rx-collector.collector.breaker.state', stats.breakerState),
  ];
}

/**
 * rs-collector's `rs-collector.stats.samples`: the datapoints sent in the last interval — here, those the receiver
 * acknowledged since the previous reading of this source. None before a first interval has passed (a 0 at start would
 * read as "nothing is being sent"), nor when the count went back (the sink was replaced).
 */
export function samplesSince(sentBefore: number | undefined, sentNow: number): number | undefined {
  if (sentBefore === undefined || sentNow < sentBefore) return undefined;
  return sentNow - sentBefore;
}

/**
 * Shapes one snapshot of the agent's stats into datapoints (pure; the source adds process figures). `sentBefore`:
 * `stats.sent` at the previous reading, for rs-collector.stats.samples; undefined at the first.
 */
export function agentPoints(stats: AgentStats, version: string, timestamp: number, sentBefore?: number): Datum[] {
  const point = (metric: string, value: number, tags: Record<string, string> = {}): Datum =>
    ({ metric, timestamp, value, tags });
  const points = [
    point('rx-collector.version', versionNumber(version)),
    point('rs-collector.version', versionNumber(version)),
    point('rx-collector.datapoints.sent', stats.sent),
    point('rx-collector.datapoints.dropped', stats.dropped),
    ...Object.entries(stats.discarded).map(([reason, count]) => point('rx-collector.datapoints.discarded', count, { reason })),
    point('rx-collector.queue.length', stats.queued),
    point('rx-collector.post.count', stats.posts),
    point('rx-collector.post.errors', stats.postErrors),
    point('rx-collector.post.bytes', stats.postBytes),
    point('rx-collector.post.duration', stats.postDurationMs),
    ...Object.entries(stats.collectors).flatMap(([name, collector]) => collectorPoints(name, collector, timestamp)),
  ];
  if (stats.spoolBytes !== undefined) {
    points.push(point('rx-collector.spool.bytes', stats.spoolBytes), point('rx-collector.spool.dropped', stats.spoolDropped),
      point('rx-collector.spool.corrupt', stats.spoolCorrupt));
  }
  const samples = samplesSince(sentBefore, stats.sent);
  if (samples !== undefined) points.push(point('rs-collector.stats.samples', samples));
  return points;
}

export function createInternalSource(options: InternalOptions): Source {
  // Event-loop lag from the drift of this source's own poll timer: a timer fires late by as long as the loop was busy
  // when it was due. A sampling timer of its own (monitorEventLoopDelay) would wake the process 100 times a second.
  let lastStartMs: number | undefined;
  let shortestGapMs = Number.POSITIVE_INFINITY;
  function lagMs(): number {
    const now = performance.now();
    const last = lastStartMs;
    lastStartMs = now;
    if (last === undefined) return 0;
    const gap = now - last;
    shortestGapMs = Math.min(shortestGapMs, gap);
    return Math.max(0, gap - (options.intervalMs ?? shortestGapMs));
  }
  let sentBefore: number | undefined;
  const resident = residentSet();
  return {
    name: 'internal',
    metadata: METRICS,
    collect(): Observable<Datum[]> {
      return fromSynchronous(() => {
        const lag = lagMs();
        const timestamp = nowSeconds();
        const rss = resident.bytes();
        const stats = options.stats();
        const points = agentPoints(stats, options.version, timestamp, sentBefore);
        sentBefore = stats.sent;
        points.push(
          { metric: 'rx-collector.rss', timestamp, value: rss, tags: {} },
          { metric: 'rs-collector.stats.rss', timestamp, value: Math.round(rss / 1024), tags: {} },
          { metric: 'rx-collector.heap.used', timestamp, value: getHeapStatistics().used_heap_size, tags: {} },
          { metric: 'rx-collector.eventloop.lag.p99', timestamp, value: lag, tags: {} },
        );
        return points;
      });
    },
    close: () => {
      resident.close();
      return Promise.resolve();
    },
  };
}

export { METRICS } from './metrics.js';
