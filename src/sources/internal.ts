/**
 * The agent's report on itself: `rx-collector.*` metrics, plus rs-collector's three internal names so existing
 * heartbeat alerts keep working. The numbers come from the pipeline through `stats()`; this source only shapes them.
 */
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { defer, of, type Observable } from 'rxjs';
import { nowSeconds, type Datum, type MetricMeta } from '../datum.js';
import type { Source } from '../source.js';
import type { AgentStats, CollectorStats } from '../stats.js';

export type { AgentStats, CollectorStats } from '../stats.js';

export interface InternalOptions {
  stats: () => AgentStats;
  /** The agent's version, e.g. "0.1.0"; its numeric form x·1000000 + y·1000 + z is what is sent. */
  version: string;
}

const collectorTags = ['collector'] as const;

export const METRICS: readonly MetricMeta[] = [
  { metric: 'rx-collector.version', rate: 'gauge', unit: '', desc: 'Version of the agent as major·1000000 + minor·1000 + patch.' },
  { metric: 'rx-collector.datapoints.sent', rate: 'counter', unit: 'datapoints', desc: 'Datapoints the receiver acknowledged.' },
  { metric: 'rx-collector.datapoints.dropped', rate: 'counter', unit: 'datapoints', desc: 'Datapoints dropped, oldest first, because the send queue was full.' },
  { metric: 'rx-collector.datapoints.discarded', rate: 'counter', unit: 'datapoints', tags: ['reason'], desc: 'Datapoints turned away as invalid (by validation, DontSend, or the receiver refusing them), by reason.' },
  { metric: 'rx-collector.queue.length', rate: 'gauge', unit: 'datapoints', desc: 'Datapoints waiting in memory to be sent.' },
  { metric: 'rx-collector.spool.bytes', rate: 'gauge', unit: 'bytes', desc: 'Size of the on-disk spool of undelivered datapoints.' },
  { metric: 'rx-collector.spool.dropped', rate: 'counter', unit: 'datapoints', desc: 'Datapoints the spool dropped, oldest first, to stay within SpoolMaxBytes.' },
  { metric: 'rx-collector.spool.corrupt', rate: 'counter', unit: 'segments', desc: 'Spool segments skipped (from a corrupt record on) when the spool was opened.' },
  { metric: 'rx-collector.post.count', rate: 'counter', unit: 'requests', desc: 'HTTP requests made to the receiver.' },
  { metric: 'rx-collector.post.errors', rate: 'counter', unit: 'requests', desc: 'HTTP requests that failed: network error, timeout or an answer other than 2xx.' },
  { metric: 'rx-collector.post.bytes', rate: 'counter', unit: 'bytes', desc: 'Bytes of request bodies sent, after compression.' },
  { metric: 'rx-collector.post.duration', rate: 'counter', unit: 'milliseconds', desc: 'Total time spent in HTTP requests to the receiver.' },
  { metric: 'rx-collector.collector.duration', rate: 'gauge', unit: 'milliseconds', tags: collectorTags, desc: 'Duration of the last reading of a collector.' },
  { metric: 'rx-collector.collector.readings', rate: 'counter', unit: 'readings', tags: collectorTags, desc: 'Readings a collector started.' },
  { metric: 'rx-collector.collector.errors', rate: 'counter', unit: 'readings', tags: collectorTags, desc: 'Readings that failed, timeouts included.' },
  { metric: 'rx-collector.collector.timeouts', rate: 'counter', unit: 'readings', tags: collectorTags, desc: 'Readings cancelled because they took longer than the timeout.' },
  { metric: 'rx-collector.collector.skipped_ticks', rate: 'counter', unit: 'readings', tags: collectorTags, desc: 'Intervals skipped because the previous reading was still running.' },
  { metric: 'rx-collector.collector.skipped_fields', rate: 'counter', unit: 'fields', tags: collectorTags, desc: 'Fields or records a collector could not read and skipped.' },
  { metric: 'rx-collector.collector.datapoints', rate: 'counter', unit: 'datapoints', tags: collectorTags, desc: 'Datapoints a collector produced.' },
  { metric: 'rx-collector.collector.breaker.state', rate: 'gauge', unit: 'state', tags: collectorTags, desc: 'Circuit breaker of a collector: 0 closed, 1 half-open, 2 open, 3 removed.' },
  { metric: 'rx-collector.rss', rate: 'gauge', unit: 'bytes', desc: 'Resident set size of the agent process.' },
  { metric: 'rx-collector.heap.used', rate: 'gauge', unit: 'bytes', desc: 'JavaScript heap in use.' },
  { metric: 'rx-collector.eventloop.lag.p99', rate: 'gauge', unit: 'milliseconds', desc: '99th percentile of event-loop delay since the previous reading.' },
  { metric: 'rs-collector.version', rate: 'gauge', unit: '', desc: 'rs-collector compatible version number (major·1000000 + minor·1000 + patch).' },
  { metric: 'rs-collector.stats.rss', rate: 'gauge', unit: 'kB', desc: 'rs-collector compatible resident set size in kilobytes.' },
  { metric: 'rs-collector.stats.samples', rate: 'gauge', unit: 'datapoints', desc: 'rs-collector compatible number of datapoints in the last acknowledged request.' },
];

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

/** Shapes one snapshot of the agent's stats into datapoints (pure; the source adds process figures). */
export function agentPoints(stats: AgentStats, version: string, timestamp: number): Datum[] {
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
    point('rs-collector.stats.samples', stats.lastBatchPoints),
    ...Object.entries(stats.collectors).flatMap(([name, collector]) => collectorPoints(name, collector, timestamp)),
  ];
  if (stats.spoolBytes !== undefined) {
    points.push(point('rx-collector.spool.bytes', stats.spoolBytes), point('rx-collector.spool.dropped', stats.spoolDropped),
      point('rx-collector.spool.corrupt', stats.spoolCorrupt));
  }
  return points;
}

export function createInternalSource(options: InternalOptions): Source {
  let lag: IntervalHistogram | undefined;
  return {
    name: 'internal',
    metadata: METRICS,
    collect(): Observable<Datum[]> {
      return defer(() => {
        // Started on the first reading, not at creation, so a source that is never read leaves no timer behind.
        if (lag === undefined) {
          lag = monitorEventLoopDelay({ resolution: 10 });
          lag.enable();
        }
        const timestamp = nowSeconds();
        const memory = process.memoryUsage();
        const lagP99Ms = lag.count > 0 ? lag.percentile(99) / 1e6 : 0;
        lag.reset();
        const points = agentPoints(options.stats(), options.version, timestamp);
        points.push(
          { metric: 'rx-collector.rss', timestamp, value: memory.rss, tags: {} },
          { metric: 'rs-collector.stats.rss', timestamp, value: Math.round(memory.rss / 1024), tags: {} },
          { metric: 'rx-collector.heap.used', timestamp, value: memory.heapUsed, tags: {} },
          { metric: 'rx-collector.eventloop.lag.p99', timestamp, value: lagP99Ms, tags: {} },
        );
        return of(points);
      });
    },
    close() {
      lag?.disable();
      lag = undefined;
      return Promise.resolve();
    },
  };
}
