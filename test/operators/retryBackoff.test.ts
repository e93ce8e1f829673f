import { deepStrictEqual, ok } from 'node:assert/strict';
import { defer, type Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { backoffDelayMs } from '../../src/backoff.js';
import { retryBackoff } from '../../src/operators/retryBackoff.js';

const testScheduler = (): TestScheduler => new TestScheduler((actual, expected) => deepStrictEqual(actual, expected));

/** An observable whose n-th subscription subscribes the n-th of `attempts` (the last one repeats). */
function inTurn<T>(attempts: Observable<T>[]): Observable<T> {
  let next = 0;
  return defer(() => attempts[Math.min(next++, attempts.length - 1)]);
}

describe('operators/retryBackoff', () => {
  it('waits random × min(maxMs, initialMs × factor^(n-1)) before retry n, then gives up (the diagram)', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions, flush }) => {
      const source = cold('  --#');
      const subs = [
        '                    ^-!',
        '                    ----^-!',
        '                    ----------^-!',
        '                    -----------------^-!',
      ];
      const expected = '     -------------------#';
      const retries: [number, number][] = [];
      const onRetry = (attempt: number, delayMs: number): number => retries.push([attempt, delayMs]);
      expectObservable(source.pipe(retryBackoff({ initialMs: 4, maxMs: 10, maxRetries: 3, random: () => 0.5, onRetry }))).toBe(expected);
      expectSubscriptions(source.subscriptions).toBe(subs);
      flush();
      deepStrictEqual(retries, [[1, 2], [2, 4], [3, 5]]);
    });
  });

  it('grows by factor and stays at the cap once reached', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('  #');
      // random 1 shows the bounds themselves: 3, 9, then 27 and 81 capped at 20
      const retried = source.pipe(retryBackoff({ initialMs: 3, factor: 3, maxMs: 20, maxRetries: 4, random: () => 1 }));
      expectObservable(retried).toBe('52ms #');
      expectSubscriptions(source.subscriptions).toBe(['(^!)', '3ms (^!)', '12ms (^!)', '32ms (^!)', '52ms (^!)']);
    });
  });

  it('resets the attempt count when a value arrives', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const failing = cold('   -#');
      const emitting = cold('  -a#');
      const source = inTurn([failing, failing, emitting, failing]);
      // waits 2 and 4; the value at 9 resets the count, so the next waits are 2, 4, 5 (8 capped at 10 × 0.5)
      const retried = source.pipe(retryBackoff({ initialMs: 4, maxMs: 10, maxRetries: Infinity, random: () => 0.5 }));
      expectObservable(retried, '^------------------------!').toBe('---------a--------------');
      expectSubscriptions(emitting.subscriptions).toBe('--------^-!');
      expectSubscriptions(failing.subscriptions).toBe([
        '                  ^!',
        '                  ---^!',
        '                  ------------^!',
        '                  -----------------^!',
        '                  -----------------------^!',
      ]);
    });
  });

  it('keeps counting across values with resetOnSuccess: false', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('  -a#');
      const retried = source.pipe(retryBackoff({ initialMs: 4, maxMs: 10, maxRetries: 3, resetOnSuccess: false, random: () => 0.5 }));
      expectObservable(retried).toBe('-a---a-----a------a#');
      expectSubscriptions(source.subscriptions).toBe(['^-!', '----^-!', '----------^-!', '-----------------^-!']);
    });
  });

  it('lets an error through at once when shouldRetry says no', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const fatal = new Error('access denied');
      const busy = cold('  -#', undefined, new Error('busy'));
      const denied = cold('-#', undefined, fatal);
      const shouldRetry = (error: unknown): boolean => error instanceof Error && error.message === 'busy';
      const retried = inTurn([busy, denied]).pipe(retryBackoff({ initialMs: 2, random: () => 1, shouldRetry }));
      expectObservable(retried).toBe('----#', undefined, fatal);
      expectSubscriptions(busy.subscriptions).toBe('^!');
      expectSubscriptions(denied.subscriptions).toBe('---^!');
    });
  });

  it('retries 3 times by default (the agent\'s MaxRetries), starting from a plain number as initialMs', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const source = cold('#');
      const retried = source.pipe(retryBackoff({ initialMs: 10, random: () => 1 }));
      // full bounds with random() = 1: waits 10, 20, 40, then the 4th failure propagates at 70
      expectObservable(retried, '^ 1000ms !').toBe('70ms #');
      flush();
      deepStrictEqual(source.subscriptions.map((log) => log.subscribedFrame), [0, 10, 30, 70]);
    });
  });

  it('takes a plain number as initialMs', () => {
    testScheduler().run(({ cold, flush }) => {
      const source = cold('#');
      let failedAt: number | undefined;
      source.pipe(retryBackoff(10)).subscribe({ error: () => { failedAt = source.subscriptions.length; } });
      flush();
      deepStrictEqual(failedAt, 4, 'the error propagates after the 4th failure');
      // Math.random picks the delays, but each is at most its bound: 10+20+40 = 70 ms for the 3 retries
      const times = source.subscriptions.map((log) => log.subscribedFrame);
      deepStrictEqual(times.length, 4);
      ok((times.at(-1) ?? Infinity) <= 70, `last retry at ${times.at(-1)}`);
      deepStrictEqual([...times].sort((a, b) => a - b), times);
    });
  });

  it('computes full-jitter delays as a pure function', () => {
    const curve = { initialMs: 100, maxMs: 1000, factor: 2 };
    deepStrictEqual([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelayMs(attempt, curve, () => 0.5)), [50, 100, 200, 400, 500, 500]);
    deepStrictEqual(backoffDelayMs(3, curve, () => 0), 0);
  });
});
