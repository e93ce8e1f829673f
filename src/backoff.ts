/**
 * Exponential backoff with full jitter, the one formula shared by the reading retries (operators/retryBackoff) and the
 * sinks' request retries. Full jitter spreads a fleet's retries over the whole window, so agents that lost their
 * receiver at the same moment do not come back in waves.
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

/** The wait before retry number `attempt` (from 1): random() × min(maxMs, initialMs × factor^(attempt − 1)). */
export function backoffDelayMs(attempt: number, curve: BackoffCurve, random: () => number): number {
  return random() * Math.min(curve.maxMs, curve.initialMs * curve.factor ** Math.max(0, attempt - 1));
}
