/**
 * The agent's counters and levels, shared by everything that reports on itself: the pipeline and the sinks write them
 * (through telemetry), the internal source and the status endpoint read them.
 */

/** Counters since start (never decrease) and current levels; the internal source turns them into metrics. */
export interface SinkStats {
  /** Datapoints the receiver acknowledged. */
  sent: number;
  /** Datapoints dropped because the queue was full (oldest first). */
  dropped: number;
  /** Datapoints the receiver refused as invalid (isolated after a 400) and so discarded. */
  discarded: number;
  /** Datapoints waiting in the queue now. */
  queued: number;
  /** HTTP requests made, failed (network error or non-2xx), bytes sent (after gzip), and their total duration. */
  posts: number;
  postErrors: number;
  postBytes: number;
  postDurationMs: number;
  /** Datapoints in the last acknowledged request. */
  lastBatchPoints: number;
  /** Datapoints the spool dropped, oldest first, to stay within SpoolMaxBytes. */
  spoolDropped: number;
  /** Spool segments (or their rest) skipped at open because a record in them was corrupt. */
  spoolCorrupt: number;
}

/** What the pipeline knows about one collector since start (counters) and now (levels). */
export interface CollectorStats {
  readings: number;
  errors: number;
  timeouts: number;
  skippedTicks: number;
  skippedFields: number;
  datapoints: number;
  lastDurationMs: number;
  /** 0 closed, 1 half-open, 2 open, 3 removed. */
  breakerState: number;
  /** Why the last reading failed (a missing file says which key and path); absent once a reading succeeds. */
  lastError?: string;
}

/** Everything the internal source reports, handed over by the pipeline. */
export interface AgentStats {
  sent: number;
  dropped: number;
  /** Points turned away, by reason: validation reasons, `drop_metrics` (DropMetrics), and `refused` (the receiver's 400). */
  discarded: Readonly<Record<string, number>>;
  queued: number;
  spoolBytes?: number;
  spoolDropped: number;
  spoolCorrupt: number;
  posts: number;
  postErrors: number;
  postBytes: number;
  postDurationMs: number;
  lastBatchPoints: number;
  collectors: Readonly<Record<string, CollectorStats>>;
}

export function emptySinkStats(): SinkStats {
  return { sent: 0, dropped: 0, discarded: 0, queued: 0, posts: 0, postErrors: 0, postBytes: 0, postDurationMs: 0,
    lastBatchPoints: 0, spoolDropped: 0, spoolCorrupt: 0 };
}
