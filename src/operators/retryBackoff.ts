/**
 * `retryBackoff` — resubscribes after an error, waiting an exponentially growing, fully jittered delay.
 *
 * ```text
 * source     --#                        every subscription fails after 2 ms
 * retryBackoff({ initialMs: 4, maxMs: 10, maxRetries: 3, random: () => 0.5 })
 * subscribed ^-!
 *            ----^-!                    waited 0.5 × 4  = 2
 *            ----------^-!              waited 0.5 × 8  = 4
 *            -----------------^-!       waited 0.5 × 10 = 5 (16 capped at maxMs 10)
 * output     -------------------#       the 4th failure propagates
 * ```
 *
 * Attempt n waits `random() × min(maxMs, initialMs × factor^(n-1))` ("full jitter"): after an outage, a fleet of
 * agents spreads its retries over the whole window instead of hammering the receiver in waves. A value resets the
 * attempt count (unless `resetOnSuccess: false`). After `maxRetries`, or when `shouldRetry` says no, the error
 * propagates.
 */
import { BACKOFF_FACTOR, backoffDelayMs, type BackoffCurve } from '../backoff.js';
import { asyncScheduler, retry, throwError, timer, type MonoTypeOperatorFunction, type SchedulerLike } from '../rx.js';

export interface RetryBackoffConfig {
  /** Upper bound of the first delay, in milliseconds. */
  initialMs: number;
  /** Cap on the upper bound of any delay, in milliseconds. Default 60 000 (the agent's RetryMaxDelay). */
  maxMs?: number;
  /** The upper bound grows by this factor per attempt. Default 2. */
  factor?: number;
  /** Retries before the error propagates. Default 3 (the agent's MaxRetries). */
  maxRetries?: number;
  /** A value resets the attempt count to zero. Default true. */
  resetOnSuccess?: boolean;
  /** Source of randomness in [0, 1). Default `Math.random`; tests inject a fixed one. */
  random?: () => number;
  /** Errors for which this returns false propagate at once. Default: retry every error. */
  shouldRetry?: (error: unknown) => boolean;
  /** Called before each wait with the attempt number (from 1), the chosen delay and the error being retried. */
  onRetry?: (attempt: number, delayMs: number, error: unknown) => void;
}

/** The agent's own defaults (its Retry* keys come from here), so a library user gets the same retries. */
export const RETRY_BACKOFF_DEFAULTS = { initialMs: 1_000, maxMs: 60_000, factor: BACKOFF_FACTOR, maxRetries: 3, resetOnSuccess: true } as const;

export function retryBackoff<T>(
  config: number | RetryBackoffConfig,
  scheduler: SchedulerLike = asyncScheduler,
): MonoTypeOperatorFunction<T> {
  const options: RetryBackoffConfig = typeof config === 'number' ? { initialMs: config } : config;
  const curve: BackoffCurve = {
    initialMs: options.initialMs,
    maxMs: options.maxMs ?? RETRY_BACKOFF_DEFAULTS.maxMs,
    factor: options.factor ?? RETRY_BACKOFF_DEFAULTS.factor,
  };
  const { random = Math.random, shouldRetry, onRetry } = options;
  if (!(curve.initialMs >= 0)) throw new RangeError(`retryBackoff: initialMs must be >= 0, not ${curve.initialMs}`);
  return retry<T>({
    count: options.maxRetries ?? RETRY_BACKOFF_DEFAULTS.maxRetries,
    resetOnSuccess: options.resetOnSuccess ?? RETRY_BACKOFF_DEFAULTS.resetOnSuccess,
    delay: (error: unknown, attempt: number) => {
      if (shouldRetry && !shouldRetry(error)) return throwError(() => error);
      const delayMs = backoffDelayMs(attempt, curve, random);
      onRetry?.(attempt, delayMs, error);
      return timer(delayMs, scheduler);
    },
  });
}
