/**
 * `timeoutEach` — gives one reading a deadline for COMPLETING, not just for its first value.
 *
 * ```text
 * source     --a--b---------      (never completes)
 * timeoutEach(10)
 * output     --a--b----#          (#: ReadingTimeoutError; source unsubscribed at 10)
 * ```
 *
 * Values emitted before the deadline pass through. At the deadline the source is unsubscribed first — so its teardown
 * (killing a child process, aborting a query) has run — and then the error is raised, which the circuit breaker
 * counts as a failed reading.
 */
import { asyncScheduler, Observable, type MonoTypeOperatorFunction, type SchedulerLike } from '../rx.js';

export interface TimeoutEachConfig {
  /** How long a reading may take from subscription to completion, in milliseconds. */
  timeoutMs: number;
}

/** The reading did not complete within `timeoutMs`; it has been cancelled. */
export class ReadingTimeoutError extends Error {
  override readonly name = 'ReadingTimeoutError';

  constructor(readonly timeoutMs: number) {
    super(`reading did not complete within ${timeoutMs} ms`);
  }
}

export function timeoutEach<T>(
  config: number | TimeoutEachConfig,
  scheduler: SchedulerLike = asyncScheduler,
): MonoTypeOperatorFunction<T> {
  const { timeoutMs } = typeof config === 'number' ? { timeoutMs: config } : config;
  if (!(timeoutMs >= 0)) throw new RangeError(`timeoutEach: timeoutMs must be >= 0, not ${timeoutMs}`);
  return (source) =>
    new Observable<T>((subscriber) => {
      const reading = source.subscribe({
        next: (value) => subscriber.next(value),
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      if (subscriber.closed) return reading;
      const deadline = scheduler.schedule(() => {
        reading.unsubscribe();
        subscriber.error(new ReadingTimeoutError(timeoutMs));
      }, timeoutMs);
      return () => {
        deadline.unsubscribe();
        reading.unsubscribe();
      };
    });
}
