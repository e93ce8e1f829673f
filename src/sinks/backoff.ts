/**
 * How long a sink waits between failed requests: exponential growth with full jitter, so a fleet of agents that lost
 * its receiver at the same moment spreads its retries over the whole window instead of arriving in waves.
 */

export type { BackoffCurve } from '../backoff.js';

export interface BackoffConfig {
  /** Upper bound of the first wait, in milliseconds. */
  initialMs: number;
  /** Cap on the upper bound of any wait, in milliseconds. */
  maxMs: number;
}

export const BACKOFF_DEFAULTS: BackoffConfig = { initialMs: 500, maxMs: 60_000 };

/**
 * Waits `ms`, or less when `signal` aborts; never rejects. Sinks take this as an option so tests can make waiting
 * instant and record the delays asked for.
 */
export type Sleep = (ms: number, signal: AbortSignal) => Promise<void>;

/** The real clock. The timer does not keep the process alive: a sink backing off must not block exit. */
export const realSleep: Sleep = (ms, signal) => new Promise((resolve) => {
  if (signal.aborted) {
    resolve();
    return;
  }
  const done = (): void => {
    clearTimeout(timer);
    signal.removeEventListener('abort', done);
    resolve();
  };
  const timer = setTimeout(done, ms);
  timer.unref();
  signal.addEventListener('abort', done, { once: true });
});
