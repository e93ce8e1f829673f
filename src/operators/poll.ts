/**
 * `poll` — runs one reading per tick, never two at once, so a slow source cannot pile up readings.
 *
 * ```text
 * ticks      t----t----t----t----t---      intervalMs 5, jitterMs 0
 * read()     --a----|                      each reading: a value at 2 ms, done at 7 ms
 * output     --a---------a---------a-
 * onSkip          ^         ^              ticks 5 and 15 come while a reading runs
 * ```
 *
 * The first reading starts at a random offset in [0, jitterMs), so a fleet of agents started together does not fire
 * in step; later readings follow every `intervalMs` after it, each due at a fixed time (steadyTimer in clock.ts: late
 * ticks do not add up). A tick that arrives while a reading still runs is dropped (exhaustMap semantics) and reported
 * through `onSkip`. Errors from `read()` end the poll; wrap the reading in `circuitBreaker` to keep polling through
 * failures.
 *
 * ```text
 * ticks      t----t----t----      a clock given as `ticks` (one that other polls share, see clock.ts)
 * poll(read, { intervalMs: 5, ticks })
 * output     a----a----a----      one reading per tick of the clock; no timer of its own
 * ```
 */
import { asyncScheduler, defer, exhaustMap, filter, finalize, type Observable, type SchedulerLike } from '../rx.js';
import { steadyTimer } from './clock.js';

export interface PollConfig {
  /** Time between two ticks, in milliseconds. */
  intervalMs: number;
  /** The first tick comes at a random offset in [0, jitterMs) milliseconds. Default 0: immediately. */
  jitterMs?: number;
  /** Source of randomness in [0, 1) for the first offset. Default `Math.random`; tests inject a fixed one. */
  random?: () => number;
  /** Called for every tick that came while a reading was still running and was therefore skipped. */
  onSkip?: () => void;
  /**
   * The clock to read on, instead of a timer of poll's own made from intervalMs, jitterMs and random: sources that
   * share one clock are read in the same wake-up of the process (see clock.ts).
   */
  ticks?: Observable<unknown>;
}

export function poll<T>(
  read: () => Observable<T>,
  config: number | PollConfig,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<T> {
  const options: PollConfig = typeof config === 'number' ? { intervalMs: config } : config;
  const { intervalMs, jitterMs = 0, random = Math.random, onSkip, ticks } = options;
  if (!(intervalMs > 0)) throw new RangeError(`poll: intervalMs must be > 0, not ${intervalMs}`);
  return defer(() => {
    let reading = false;
    const tracked = defer(() => {
      reading = true;
      return read();
    }).pipe(finalize(() => (reading = false)));
    const clock = ticks ?? steadyTimer(jitterMs > 0 ? random() * jitterMs : 0, intervalMs, scheduler);
    return clock.pipe(
      // exhaustMap alone would drop a tick silently; this is where a skipped tick becomes visible
      filter(() => {
        if (reading) onSkip?.();
        return !reading;
      }),
      exhaustMap(() => tracked),
    );
  });
}
