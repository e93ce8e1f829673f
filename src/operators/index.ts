/**
 * The operators a datapoint passes through, in the order src/pipeline.ts applies them:
 *
 *   poll(() => source.collect().pipe(timeoutEach(t), retryBackoff(r), circuitBreaker(c)), interval)   one source
 *     → validate({ tags: tableTags + globalTags + host, exclude: DropMetrics })                        label, clean
 *     → merge of all sources → batch(b)                                                              to the sink
 *
 * A reading is retried (retryBackoff) before the breaker counts it as failed; the sink paces its own retries with the
 * same backoff curve (src/backoff.ts).
 */
export { batch, DEFAULT_BATCH_MAX_POINTS, type BatchConfig } from './batch.js';
export {
  breakerStateValue,
  circuitBreaker,
  CIRCUIT_BREAKER_DEFAULTS,
  SourceRemovedError,
  type BreakerChange,
  type BreakerState,
  type CircuitBreakerConfig,
} from './circuitBreaker.js';
export { createClocks, type Clocks } from './clock.js';
export { poll, type PollConfig } from './poll.js';
export { backoffDelayMs, type BackoffCurve } from '../backoff.js';
export { retryBackoff, RETRY_BACKOFF_DEFAULTS, type RetryBackoffConfig } from './retryBackoff.js';
export { tag } from './tag.js';
export { ReadingTimeoutError, timeoutEach, type TimeoutEachConfig } from './timeoutEach.js';
export { validate, type SeriesRejectReason, type ValidateConfig, type ValidateRejectReason } from './validate.js';
