/**
 * Exponential backoff with full jitter, the one formula shared by the reading retries (operators/retryBackoff) and the
 * sinks' request retries, and the one way to wait it out. Full jitter spreads a fleet's retries over the whole window,
 * so agents that lost their receiver at the same moment do not come back in waves.
 */

/** The shape of the curve, all fields resolved. */
export interface BackoffCurve {
  /** Upper bound of the first wait, in milliseconds. */
  initialMs: number;
  /** Cap on the upper bound of any wait, in milliseconds. */
  maxMs: number;
  /** Growth of the upper bound per attempt. */
  factor: number;
}

/** What a caller configures: the curve's bounds; the factor defaults to doubling. */
export type BackoffConfig = Pick<BackoffCurve, 'initialMs' | 'maxMs'> & Partial<Pick<BackoffCurve, 'factor'>>;

/** The growth every backoff uses unless told otherwise: the upper bound doubles per attempt. */
export const BACKOFF_FACTOR = 2;

/**
 * The sinks' request retries. The cap is low so delivery resumes within a few seconds of the receiver's return; full
 * jitter still spreads a fleet's retries over the window (see docs/scale.md).
 */
export const BACKOFF_DEFAULTS = { initialMs: 500, maxMs: 4_000 } as const satisfies BackoffConfig;

/**
 * The sinks' retries after an answer that says "not now" (5xx, 429): the store is up but overloaded, so a fleet's
 * retries spread over a minute instead of returning every few seconds (see docs/scale.md for what it saves).
 */
export const OVERLOAD_BACKOFF_DEFAULTS = { initialMs: 500, maxMs: 60_000 } as const satisfies BackoffConfig;

/** The wait before retry number `attempt` (from 1): random() × min(maxMs, initialMs × factor^(attempt − 1)). */
export function backoffDelayMs(attempt: number, curve: BackoffConfig, random: () => number): number {
  const factor = curve.factor ?? BACKOFF_FACTOR;
  return random() * Math.min(curve.maxMs, curve.initialMs * factor ** Math.max(0, attempt - 1));
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
