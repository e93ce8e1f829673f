/**
 * The agent's self-telemetry: every event that matters about a collector, a datapoint or a delivery is a method here,
 * which counts it and logs it in one place (events that can come in floods through one throttled log each). The
 * pipeline reports through `Telemetry`, the sinks and the spool through `SinkTelemetry`; the internal source turns the
 * snapshots into `rx-collector.*` metrics.
 */
import type { BreakerChange } from './operators/circuitBreaker.js';
import { breakerStateValue } from './operators/circuitBreaker.js';
import { ReadingTimeoutError } from './operators/timeoutEach.js';
import type { ValidateRejectReason } from './operators/validate.js';
import type { Logger } from './log.js';
import { emptySinkStats, type AgentStats, type CollectorStats, type SinkStats } from './stats.js';
import { createThrottledLog, type ThrottledLog } from './throttledLog.js';

/** Why a point was turned away before it reached the sink. */
export type DiscardReason = ValidateRejectReason;

const LOG_EVERY_MS = 60_000;

export class Telemetry {
  private readonly collectors = new Map<string, CollectorStats>();
  private readonly discards = new Map<string, number>();
  private readonly noteDiscarded: ThrottledLog;

  constructor(private readonly log: Logger, now: () => number = Date.now) {
    this.noteDiscarded = createThrottledLog(log, { level: 'warn', intervalMs: LOG_EVERY_MS, now,
      message: 'datapoint discarded (logged once a minute; see rx-collector.datapoints.discarded)' });
  }

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
    // Bad input is worth a warning; DropMetrics and a second point within one second (a reading that came late, a Freq
    // below 1 s) are not bad input, so they are counted only.
    if (reason !== 'drop_metrics' && reason !== 'same_second') this.noteDiscarded(1, { reason, metric });
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
      spoolDropped: sink.spoolDropped,
      spoolCorrupt: sink.spoolCorrupt,
      posts: sink.posts,
      postErrors: sink.postErrors,
      postBytes: sink.postBytes,
      postDurationMs: sink.postDurationMs,
      lastBatchPoints: sink.lastBatchPoints,
      collectors: Object.fromEntries([...this.collectors].map(([name, stats]) => [name, { ...stats }])),
    };
  }
}

/** What a receiver's answer looked like, for log lines: status and the start of its body, never credentials. */
export interface AnswerDetail {
  receiver: string;
  status?: number;
  detail?: string;
}

/**
 * The delivery side's events: sinks, their transport and the spool report here. One instance may outlive a sink (the
 * agent keeps it across a sink replaced on reload), so the counters never go back.
 */
export class SinkTelemetry {
  private readonly stats: SinkStats = emptySinkStats();
  private readonly noteDropped: ThrottledLog;
  private readonly noteRefused: ThrottledLog;
  private readonly noteSendFailed: ThrottledLog;
  private readonly noteMetadataFailed: ThrottledLog;
  private readonly noteSpoolDropped: ThrottledLog;

  constructor(readonly log: Logger, now: () => number = Date.now) {
    const throttled = (message: string): ThrottledLog => createThrottledLog(log, { level: 'warn', message, now });
    this.noteDropped = throttled('sink queue full: oldest datapoints dropped');
    this.noteRefused = throttled('receiver refused datapoints: discarded');
    this.noteSendFailed = throttled('sending datapoints failed: will retry');
    this.noteMetadataFailed = throttled('sending metadata failed: will retry');
    this.noteSpoolDropped = throttled('spool full: oldest batches dropped');
  }

  /** One HTTP request ended: `ok` for a 2xx answer. */
  posted(bytes: number, durationMs: number, ok: boolean): void {
    this.stats.posts += 1;
    this.stats.postBytes += bytes;
    this.stats.postDurationMs += durationMs;
    if (!ok) this.stats.postErrors += 1;
  }

  /** The receiver acknowledged a request of `points` datapoints. */
  delivered(points: number): void {
    this.stats.sent += points;
    this.stats.lastBatchPoints = points;
  }

  /** Datapoints dropped unsent: a full queue (oldest first) or a closed sink. */
  dropped(points: number, detail: object): void {
    if (points === 0) return;
    this.stats.dropped += points;
    this.noteDropped(points, detail);
  }

  /** Datapoints the receiver refused (isolated after a 400) and so discarded. */
  refused(points: number, detail: AnswerDetail & { metric?: string }): void {
    if (points === 0) return;
    this.stats.discarded += points;
    this.noteRefused(points, detail);
  }

  /** A datapoint request failed and will be retried. */
  sendFailed(detail: AnswerDetail & { failures: number }): void {
    this.noteSendFailed(1, detail);
  }

  /** A metadata request failed and will be retried. */
  metadataFailed(detail: AnswerDetail & { failures: number }): void {
    this.noteMetadataFailed(1, detail);
  }

  /** The spool dropped its oldest datapoints to stay within its cap: counted as spool drops and as drops. */
  spoolDropped(points: number, detail: object): void {
    if (points === 0) return;
    this.stats.spoolDropped += points;
    this.stats.dropped += points;
    this.noteSpoolDropped(points, detail);
  }

  /** A spool segment (or its unreadable rest) was skipped at open: `points` is what it claimed to hold, if known. */
  spoolCorrupt(detail: { segment: string; offset: number; bytes: number }): void {
    this.stats.spoolCorrupt += 1;
    this.log.warn(detail, 'spool: corrupt record; the rest of this segment is skipped');
  }

  /** A copy of the counters; `queued` is the caller's to fill in (the queue knows it, not the events). */
  snapshot(): SinkStats {
    return { ...this.stats };
  }
}

export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
