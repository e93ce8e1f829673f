/**
 * How long a sink waits between failed requests: exponential growth with full jitter, so a fleet of agents that lost
 * its receiver at the same moment spreads its retries over the whole window instead of arriving in waves.
 */

export interface BackoffConfig {
  /** Upper bound of the first wait, in milliseconds. */
  initialMs: number;
  /** Cap on the upper bound of any wait, in milliseconds. */
  maxMs: number;
}

export const BACKOFF_DEFAULTS: BackoffConfig = { initialMs: 500, maxMs: 60_000 };

/** The wait before retry number `failures` (from 1): `random() × min(maxMs, initialMs × 2^(failures-1))`. */
export function backoffDelayMs(failures: number, config: BackoffConfig, random: () => number): number {
  return random() * Math.min(config.maxMs, config.initialMs * 2 ** Math.max(0, failures - 1));
}

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
