/**
 * What a delivery loop takes its batches from: the oldest batch stays the head until the loop says it is done
 * (delivered, or its refused points discarded), so nothing leaves the queue before the receiver had it.
 * - memory: a bounded drop-oldest point queue (MaxQueueLen); what it holds is lost with the process.
 * - spool: the on-disk spool (SpoolDir): every batch is appended as it arrives (write-ahead) and acknowledged on
 *   `done`, so a kill -9 loses nothing that was appended, and a restart resumes with the oldest unacknowledged batch.
 */
import type { Datum } from '../datum.js';
import type { Spool } from '../spool/spool.js';
import { createPointQueue } from './pointQueue.js';

export interface BatchQueue {
  /** Appends a batch; returns how many points were dropped (oldest first) to stay in bounds. */
  push(points: readonly Datum[]): number;
  /**
   * The oldest points not yet done, as one batch of at most maxBatchPoints (a spooled batch larger than that, written
   * under another BatchSize, comes whole); the same one until `done()`.
   */
  head(): readonly Datum[] | undefined;
  /** The head was delivered or discarded: it is never returned again. */
  done(): void;
  /** Points not yet done, the head included. */
  readonly size: number;
  /**
   * Gives up the queue (the sink closes): returns what only memory holds — `unsent` (what is left of the head) and
   * everything behind it — so the caller can keep it elsewhere; a durable queue keeps everything and returns [].
   */
  release(unsent: readonly Datum[]): Datum[];
  /** Whether what is queued survives the process. */
  readonly durable: boolean;
}

export function memoryBatchQueue(maxQueuePoints: number, maxBatchPoints: number): BatchQueue {
  const queue = createPointQueue(maxQueuePoints);
  // The head is held outside the bounded queue: it is being delivered and is never dropped.
  let held: Datum[] | undefined;
  return {
    durable: false,
    push: (points) => queue.push(points),
    head() {
      if (held === undefined && queue.size > 0) held = queue.take(maxBatchPoints);
      return held;
    },
    done() {
      held = undefined;
    },
    get size() {
      return (held?.length ?? 0) + queue.size;
    },
    release(unsent) {
      held = undefined;
      return [...unsent, ...queue.takeAll()];
    },
  };
}

/** Small spooled batches are sent together, so a backlog drains in full requests, as from memory. */
export function spoolBatchQueue(spool: Spool, maxBatchPoints: number): BatchQueue {
  let held: { ids: number[]; points: readonly Datum[] } | undefined;
  return {
    durable: true,
    push: (points) => spool.append(points),
    head() {
      if (held === undefined && spool.batches > 0) {
        const batches = spool.heads(maxBatchPoints);
        held = { ids: batches.map((batch) => batch.id), points: batches.flatMap((batch) => batch.points) };
      }
      return held?.points;
    },
    done() {
      for (const id of held?.ids ?? []) spool.ack(id);
      held = undefined;
    },
    get size() {
      return spool.points;
    },
    release() {
      held = undefined;
      return [];
    },
  };
}
