/**
 * The operators a datapoint passes through, in the order the pipeline usually applies them:
 *
 *   poll(() => source.collect().pipe(timeoutEach(t), circuitBreaker(c)), interval)   one source's readings
 *     → validate() → tag(sourceTags) → tag(globalTags + host)                       clean and label
 *     → merge of all sources → batch(b)                                              to the sink
 *
 * `retryBackoff` paces retries where an error should be retried rather than counted (e.g. the sink).
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
export { poll, type PollConfig } from './poll.js';
export { backoffDelayMs, type BackoffCurve } from '../backoff.js';
export { retryBackoff, RETRY_BACKOFF_DEFAULTS, type RetryBackoffConfig } from './retryBackoff.js';
export { tag } from './tag.js';
export { ReadingTimeoutError, timeoutEach, type TimeoutEachConfig } from './timeoutEach.js';
export { validate, type ValidateConfig } from './validate.js';
