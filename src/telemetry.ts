/**
 * The pipeline's self-telemetry: every event that matters about a collector or a datapoint is a method here, which
 * counts it and logs it in one place. The internal source turns `snapshot()` into `rx-collector.*` metrics.
 */
import type { RejectReason } from './datum.js';
import type { BreakerChange } from './operators/circuitBreaker.js';
import { breakerStateValue } from './operators/circuitBreaker.js';
import { ReadingTimeoutError } from './operators/timeoutEach.js';
import type { Logger } from './log.js';
import type { AgentStats, CollectorStats, SinkStats } from './stats.js';

/** Why a point was turned away before it reached the sink. */
export type DiscardReason = RejectReason | 'dont_send';

const LOG_EVERY_MS = 60_000;

export class Telemetry {
  private readonly collectors = new Map<string, CollectorStats>();
  private readonly discards = new Map<string, number>();
  private lastDiscardLog = Number.NEGATIVE_INFINITY;

  constructor(private readonly log: Logger, private readonly now: () => number = Date.now) {}

  private collector(name: string): CollectorStats {
    let stats = this.collectors.get(name);
    if (stats === undefined) {
      stats = { readings: 0, errors: 0, timeouts: 0, skippedTicks: 0, skippedFields: 0, datapoints: 0,
        lastDurationMs: 0, breakerState: 0 };
      this.collectors.set(name, stats);
    }
    return stats;
  }

  /** Registers a collector so its counters exist (as zeros) before its first reading. */
  collectorStarted(name: string): void {
    this.collector(name);
  }

  collectorStopped(name: string): void {
    this.collectors.delete(name);
  }

  readingStarted(name: string): void {
    this.collector(name).readings += 1;
  }

  readingProduced(name: string, points: number): void {
    this.collector(name).datapoints += points;
  }

  readingSucceeded(name: string, durationMs: number): void {
    const stats = this.collector(name);
    stats.lastDurationMs = durationMs;
    delete stats.lastError;
  }

  readingFailed(name: string, durationMs: number, error: unknown): void {
    const stats = this.collector(name);
    stats.lastDurationMs = durationMs;
    stats.errors += 1;
    stats.lastError = errorText(error);
    const timedOut = error instanceof ReadingTimeoutError;
    if (timedOut) stats.timeouts += 1;
    this.log.warn({ collector: name, err: errorText(error), timedOut }, 'reading failed');
  }

  tickSkipped(name: string): void {
    this.collector(name).skippedTicks += 1;
    this.log.debug({ collector: name }, 'tick skipped: previous reading still running');
  }

  fieldsSkipped(name: string, count: number): void {
    this.collector(name).skippedFields += count;
  }

  breakerChanged(name: string, change: BreakerChange): void {
    this.collector(name).breakerState = breakerStateValue(change.to);
    const fields = { collector: name, from: change.from, to: change.to, failures: change.failures,
      cooldownMs: change.cooldownMs };
    if (change.to === 'removed') this.log.error(fields, 'collector removed after too many consecutive failures');
    else if (change.to === 'open') this.log.warn(fields, 'circuit breaker opened');
    else this.log.info(fields, 'circuit breaker state changed');
  }

  /** A point turned away before the sink; logged at most once a minute so a bad source cannot flood the log. */
  discarded(reason: DiscardReason, metric: string): void {
    this.discards.set(reason, (this.discards.get(reason) ?? 0) + 1);
    const now = this.now();
    if (reason !== 'dont_send' && now - this.lastDiscardLog >= LOG_EVERY_MS) {
      this.lastDiscardLog = now;
      this.log.warn({ reason, metric }, 'datapoint discarded (logged once a minute; see rx-collector.datapoints.discarded)');
    }
  }

  snapshot(sink: SinkStats, spoolBytes?: number): AgentStats {
    const discarded: Record<string, number> = Object.fromEntries(this.discards);
    if (sink.discarded > 0) discarded.refused = sink.discarded;
    return {
      sent: sink.sent,
      dropped: sink.dropped,
      discarded,
      queued: sink.queued,
      spoolBytes,
      posts: sink.posts,
      postErrors: sink.postErrors,
      postBytes: sink.postBytes,
      postDurationMs: sink.postDurationMs,
      lastBatchPoints: sink.lastBatchPoints,
      collectors: Object.fromEntries([...this.collectors].map(([name, stats]) => [name, { ...stats }])),
    };
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
