import { type MetricMeta } from '../../datum.js';

export const collectorTags = ['collector'] as const;

export const METRICS: readonly MetricMeta[] = [
  { metric: 'rx-collector.version', rate: 'gauge', unit: '', desc: 'Version of the agent as major·1000000 + minor·1000 + patch.' },
  { metric: 'rx-collector.datapoints.sent', rate: 'counter', unit: 'datapoints', desc: 'Datapoints the receiver acknowledged.' },
  { metric: 'rx-collector.datapoints.dropped', rate: 'counter', unit: 'datapoints', desc: 'Datapoints dropped, oldest first, because the send queue was full.' },
  { metric: 'rx-collector.datapoints.discarded', rate: 'counter', unit: 'datapoints', tags: ['reason'], desc: 'Datapoints turned away, by reason: invalid (validation), dropped by DropMetrics (reason drop_metrics), a second point of a series within one second (reason same_second), or refused by the receiver (reason refused).' },
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
  { metric: 'rx-collector.eventloop.lag.p99', rate: 'gauge', unit: 'milliseconds', desc: 'Event-loop lag: how much later than due the timer of this reading fired; one sample per reading (no timer of its own), not a percentile despite the name.' },
  { metric: 'rs-collector.version', rate: 'gauge', unit: '', desc: 'rs-collector compatible version number (major·1000000 + minor·1000 + patch).' },
  { metric: 'rs-collector.stats.rss', rate: 'gauge', unit: 'kB', desc: 'rs-collector compatible resident set size in kilobytes.' },
  { metric: 'rs-collector.stats.samples', rate: 'gauge', unit: 'datapoints', desc: 'rs-collector compatible: datapoints sent (acknowledged by the receiver) since the previous reading of the internal source; not sent at the first reading.' },
];
