/**
 * `circuitBreaker` — stops calling a failing source for a while, probes it, and removes it when it never recovers.
 *
 * ```text
 * tick       0    5    10   15   20   25       poll every 5 ms; each reading answers at once
 * reading    (a|) #    #    (a|) (a|) (a|)     (a|): a value and complete; #: fails
 * circuitBreaker({ failureThreshold: 2, cooldownMs: 12 })
 * subscribed ^    ^    ^              ^        15 and 20 rejected: open since 10, cooldown 12
 * state      closed    open           half-open → closed
 * output     a------------------------a        failures are swallowed: a failed reading completes empty
 * ```
 *
 * Create one per source and apply it to every reading of that source: the returned function holds the state.
 * - closed: the reading runs. Completion resets the failure count; an error counts one failure and is swallowed so
 *   the outer `poll` keeps going. `failureThreshold` consecutive failures open the breaker.
 * - open: until `cooldownMs` (measured with `scheduler.now()`) has passed since opening, readings are not subscribed
 *   at all; they complete empty and `onRejected` is called.
 * - half-open: the first reading after the cooldown is a probe. Success closes the breaker and resets the cooldown;
 *   failure opens it again with the cooldown doubled (capped at `maxCooldownMs`).
 * - removed: when consecutive failures reach `removeAfter`, that reading and every later one error with
 *   `SourceRemovedError`, so the pipeline ends the source's polling.
 * Every transition is reported once through `onStateChange`. Readings are expected not to overlap (`poll` ensures it).
 */
import {
  asyncScheduler,
  catchError,
  defer,
  EMPTY,
  tap,
  throwError,
  type MonoTypeOperatorFunction,
  type Observable,
  type SchedulerLike,
} from '../rx.js';

export type BreakerState = 'closed' | 'open' | 'half-open' | 'removed';

export interface BreakerChange {
  from: BreakerState;
  to: BreakerState;
  /** Consecutive failures at the time of the change (0 after a successful probe). */
  failures: number;
  /** The cooldown in force after the change, in milliseconds. */
  cooldownMs: number;
  /** The failure that caused the change, when one did. */
  error?: unknown;
}

export interface CircuitBreakerConfig {
  /** Consecutive failed readings that open the breaker. Default 5 (the agent's BreakerFailures). */
  failureThreshold?: number;
  /** How long the breaker stays open the first time, in milliseconds. */
  cooldownMs: number;
  /** Cap on the cooldown, which doubles each time a half-open probe fails, in milliseconds. Default 15 × cooldownMs. */
  maxCooldownMs?: number;
  /** Consecutive failed readings after which the source is removed for good. Default 0: never. */
  removeAfter?: number;
  /** Called on every state transition (not on failures that leave the state as it is). */
  onStateChange?: (change: BreakerChange) => void;
  /** Called for every reading skipped because the breaker is open. */
  onRejected?: () => void;
}

/** The agent's own defaults (its Breaker* keys come from here), so a library user gets the same breaker. */
export const CIRCUIT_BREAKER_DEFAULTS = { failureThreshold: 5, cooldownMs: 60_000, removeAfter: 0, maxCooldownFactor: 15 } as const;

/** The source failed `removeAfter` readings in a row and is no longer polled; `cause` is its last failure. */
export class SourceRemovedError extends Error {
  override readonly name = 'SourceRemovedError';

  constructor(
    readonly failures: number,
    cause: unknown,
  ) {
    super(`source removed after ${failures} consecutive failures`, { cause });
  }
}

const STATE_VALUES: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2, removed: 3 };

/** The breaker state as the internal source exports it: closed 0, half-open 1, open 2, removed 3. */
export function breakerStateValue(state: BreakerState): number {
  return STATE_VALUES[state];
}

export function circuitBreaker<T>(
  config: number | CircuitBreakerConfig,
  scheduler: SchedulerLike = asyncScheduler,
): MonoTypeOperatorFunction<T> {
  const options: CircuitBreakerConfig = typeof config === 'number' ? { cooldownMs: config } : config;
  const failureThreshold = options.failureThreshold ?? CIRCUIT_BREAKER_DEFAULTS.failureThreshold;
  const removeAfter = options.removeAfter ?? CIRCUIT_BREAKER_DEFAULTS.removeAfter;
  const maxCooldownMs = options.maxCooldownMs ?? options.cooldownMs * CIRCUIT_BREAKER_DEFAULTS.maxCooldownFactor;
  if (!(failureThreshold >= 1)) {
    throw new RangeError(`circuitBreaker: failureThreshold must be >= 1, not ${failureThreshold}`);
  }
  if (!(options.cooldownMs >= 0)) {
    throw new RangeError(`circuitBreaker: cooldownMs must be >= 0, not ${options.cooldownMs}`);
  }

  let state: BreakerState = 'closed';
  let failures = 0;
  let cooldownMs = options.cooldownMs;
  let openedAtMs = 0;
  let lastError: unknown;

  const moveTo = (to: BreakerState, error?: unknown): void => {
    const from = state;
    state = to;
    if (to === 'open') openedAtMs = scheduler.now();
    options.onStateChange?.({ from, to, failures, cooldownMs, ...(error === undefined ? {} : { error }) });
  };

  const succeeded = (): void => {
    failures = 0;
    if (state !== 'half-open') return;
    cooldownMs = options.cooldownMs;
    moveTo('closed');
  };

  const failed = (error: unknown): void => {
    failures += 1;
    lastError = error;
    if (removeAfter > 0 && failures >= removeAfter) {
      moveTo('removed', error);
    } else if (state === 'half-open') {
      // the probe failed: the source is still down, so wait longer before the next one
      cooldownMs = Math.min(cooldownMs * 2, maxCooldownMs);
      moveTo('open', error);
    } else if (state === 'closed' && failures >= failureThreshold) {
      moveTo('open', error);
    }
  };

  const removed = (): Observable<never> => throwError(() => new SourceRemovedError(failures, lastError));

  return (reading) => {
    // Built once: the chain is the same at every subscription, only the state decides whether it is subscribed.
    const guarded = reading.pipe(
      tap({ complete: succeeded }),
      catchError((error: unknown) => {
        failed(error);
        return state === 'removed' ? removed() : EMPTY;
      }),
    );
    return defer(() => {
      if (state === 'removed') return removed();
      if (state === 'open') {
        if (scheduler.now() - openedAtMs < cooldownMs) {
          options.onRejected?.();
          return EMPTY;
        }
        moveTo('half-open');
      }
      return guarded;
    });
  };
}
