/**
 * `batch` — regroups readings into batches bounded in size and in age, for the sink.
 *
 * ```text
 * input      a-b-------R-----h--|       each letter one reading of one point; R one reading of five (c..g)
 * batch({ maxDelayMs: 5, maxPoints: 3 })
 * output     v------x--y----z---(w|)    v=[a]: at once, nothing left in the 5 ms before   x=[b]: 5 ms after b
 *                                       y=[c,d,e]: full   z=[f,g]: 5 ms after f   w=[h]: the rest, on completion
 * ```
 *
 * A batch leaves when it holds `maxPoints`, or `maxDelayMs` after its first point arrived, whichever comes first; a
 * reading that arrives in the last tenth of `maxDelayMs` takes the batch with it rather than leave it to the timer (so
 * a batch may leave a little early, never late); a big reading is split across batches in order. A reading leaves at
 * once, with what is pending before it, when nothing has left for `maxDelayMs` (at start, after a quiet spell) or when
 * `sendAtOnce` says so (the pipeline: the first reading of each collector), so the first datapoints are seen without
 * waiting for the timer while steady traffic is still batched. Quiet periods emit nothing (no empty batches). On
 * completion the rest is emitted; on error the rest is emitted too, then the error passes on, so no point is lost
 * silently.
 *
 * ```text
 * input      a-b-F--c--|        F a reading for which sendAtOnce is true
 * batch({ maxDelayMs: 5, maxPoints: 10, sendAtOnce: (points) => points === F })
 * output     a---x-----(c|)     a: idle before it   x=[b,F]: at once, with b   c: 5 ms not yet up at completion
 * ```
 */
import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from '../rx.js';
import type { Datum } from '../datum.js';

export interface BatchConfig {
  /** A batch is emitted at most this long after its first point arrived, in milliseconds. */
  maxDelayMs: number;
  /** A batch is emitted as soon as it holds this many points. */
  maxPoints: number;
  /** A reading for which this is true is emitted at once, with the points pending before it. Default: none. */
  sendAtOnce?: (points: Datum[]) => boolean;
}

/** Batch size used when only `maxDelayMs` is given: scollector's and rs-collector's default `BatchSize`. */
export const DEFAULT_BATCH_MAX_POINTS = 500;

export function batch(
  config: number | BatchConfig,
  scheduler: SchedulerLike = asyncScheduler,
): OperatorFunction<Datum[], Datum[]> {
  const { maxDelayMs, maxPoints, sendAtOnce }: BatchConfig =
    typeof config === 'number' ? { maxDelayMs: config, maxPoints: DEFAULT_BATCH_MAX_POINTS } : config;
  if (!(maxDelayMs >= 0)) throw new RangeError(`batch: maxDelayMs must be >= 0, not ${maxDelayMs}`);
  if (!(maxPoints >= 1)) throw new RangeError(`batch: maxPoints must be >= 1, not ${maxPoints}`);
  // Readings on a clock whose period divides maxDelayMs arrive just as the timer is due; taking the batch with the
  // reading that arrives in its last tenth saves the process a wake-up of its own for the timer.
  const earlyMs = maxDelayMs / 10;
  return (source) =>
    new Observable<Datum[]>((subscriber) => {
      let pending: Datum[] = [];
      let deadline: Subscription | undefined;
      let deadlineAtMs = Number.POSITIVE_INFINITY;
      let lastEmitMs = Number.NEGATIVE_INFINITY;

      const flush = (): void => {
        deadline?.unsubscribe();
        deadline = undefined;
        deadlineAtMs = Number.POSITIVE_INFINITY;
        if (pending.length === 0) return;
        const full = pending;
        pending = [];
        lastEmitMs = scheduler.now();
        subscriber.next(full);
      };

      const reading = source.subscribe({
        next: (points) => {
          for (const point of points) {
            pending.push(point);
            if (pending.length >= maxPoints) flush();
          }
          if (pending.length === 0 || subscriber.closed) return;
          const now = scheduler.now();
          const idle = deadline === undefined && now - lastEmitMs >= maxDelayMs;
          if (sendAtOnce?.(points) === true || idle || now >= deadlineAtMs - earlyMs) flush();
          else if (deadline === undefined) {
            deadline = scheduler.schedule(flush, maxDelayMs);
            deadlineAtMs = now + maxDelayMs;
          }
        },
        error: (error: unknown) => {
          flush();
          subscriber.error(error);
        },
        complete: () => {
          flush();
          subscriber.complete();
        },
      });
      return () => {
        deadline?.unsubscribe();
        reading.unsubscribe();
      };
    });
}
