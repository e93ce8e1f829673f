/**
 * The contract between the pipeline and a receiver. A sink owns a bounded queue: `write` never blocks and never throws;
 * delivery, retries and drops happen behind it and are visible only through `stats()`.
 */
import type { Datum, MetricMeta } from '../datum.js';
export { emptySinkStats, type SinkStats } from '../stats.js';
import type { SinkStats } from '../stats.js';

export interface Sink {
  readonly name: string;
  /** Queues a batch for delivery, dropping the oldest queued points when the queue is full. */
  write(batch: readonly Datum[]): void;
  /** The complete metadata set the receiver should know; a sink without metadata support ignores it. */
  writeMetadata(metadata: readonly MetricMeta[]): void;
  /** Waits until everything queued so far was delivered or `timeoutMs` passed; true when the queue is empty. */
  flush(timeoutMs: number): Promise<boolean>;
  /** Stops delivery for good; what is still queued is returned so the caller can spool or report it. */
  close(): Promise<readonly Datum[]>;
  stats(): SinkStats;
}

