import { deepStrictEqual, ok } from 'node:assert/strict';
import type { Observable } from 'rxjs';
import { TestScheduler, type RunHelpers } from 'rxjs/testing';
import {
  breakerStateValue,
  circuitBreaker,
  SourceRemovedError,
  type BreakerChange,
  type CircuitBreakerConfig,
} from '../../src/operators/circuitBreaker.js';
import { poll } from '../../src/operators/poll.js';

const testScheduler = (): TestScheduler => new TestScheduler((actual, expected) => deepStrictEqual(actual, expected));

const refused = new Error('connection refused');

/** One cold reading per tick from a script: 'a' answers a value at once, '#' fails at once. */
function script(cold: RunHelpers['cold'], steps: string) {
  return [...steps].map((step) => (step === '#' ? cold<string>('#', undefined, refused) : cold<string>('(a|)')));
}

type Reading = ReturnType<typeof script>[number];

interface Polled {
  source: Observable<string>;
  changes: BreakerChange[];
  /** Frames at which a reading was rejected. */
  rejected: number[];
}

/** Polls the scripted readings every 5 ms through one breaker, recording what the breaker reports. */
function polled(readings: Reading[], config: CircuitBreakerConfig, scheduler: TestScheduler): Polled {
  const changes: BreakerChange[] = [];
  const rejected: number[] = [];
  const breaker = circuitBreaker<string>(
    { ...config, onStateChange: (change) => changes.push(change), onRejected: () => rejected.push(scheduler.now()) },
    scheduler,
  );
  let tick = 0;
  const source = poll(() => readings[tick++].pipe(breaker), 5, scheduler);
  return { source, changes, rejected };
}

/** The frames at which readings were actually subscribed. */
const subscribedAt = (readings: Reading[]): number[] => readings.flatMap((r) => r.subscriptions.map((s) => s.subscribedFrame));

describe('operators/circuitBreaker', () => {
  it('opens after failureThreshold failures, rejects during the cooldown, closes after a good probe (the diagram)', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, expectSubscriptions, flush }) => {
      const readings = script(cold, 'a##aaa');
      const { source, changes, rejected } = polled(readings, { failureThreshold: 2, cooldownMs: 12 }, scheduler);
      const unsub = '        ^-------------------------!';
      const expected = '     a------------------------a-';
      expectObservable(source, unsub).toBe(expected);
      expectSubscriptions(readings[0].subscriptions).toBe('(^!)');
      expectSubscriptions(readings[1].subscriptions).toBe('5ms (^!)');
      expectSubscriptions(readings[2].subscriptions).toBe('10ms (^!)');
      expectSubscriptions(readings[3].subscriptions).toBe([]);
      expectSubscriptions(readings[4].subscriptions).toBe([]);
      expectSubscriptions(readings[5].subscriptions).toBe('25ms (^!)');
      flush();
      deepStrictEqual(rejected, [15, 20]);
      deepStrictEqual(changes, [
        { from: 'closed', to: 'open', failures: 2, cooldownMs: 12, error: refused },
        { from: 'open', to: 'half-open', failures: 2, cooldownMs: 12 },
        { from: 'half-open', to: 'closed', failures: 0, cooldownMs: 12 },
      ]);
    });
  });

  it('doubles the cooldown after a failed probe, and resets it once a probe succeeds', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, flush }) => {
      // probes at 10 (fails, cooldown 20), 30 (fails, cooldown 40), 70 (succeeds); fails at 75, probe at 85 succeeds
      const readings = script(cold, '#.#...#.......a#...');
      const { source, changes, rejected } = polled(readings, { failureThreshold: 1, cooldownMs: 10 }, scheduler);
      expectObservable(source, '^ 88ms !').toBe('70ms a 14ms a');
      flush();
      deepStrictEqual(subscribedAt(readings), [0, 10, 30, 70, 75, 85]);
      deepStrictEqual(rejected, [5, 15, 20, 25, 35, 40, 45, 50, 55, 60, 65, 80]);
      deepStrictEqual(changes.map(({ from, to, cooldownMs }) => `${from}>${to}@${cooldownMs}`), [
        'closed>open@10',
        'open>half-open@10',
        'half-open>open@20',
        'open>half-open@20',
        'half-open>open@40',
        'open>half-open@40',
        'half-open>closed@10',
        'closed>open@10',
        'open>half-open@10',
        'half-open>closed@10',
      ]);
    });
  });

  it('caps the growing cooldown at maxCooldownMs', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, flush }) => {
      const readings = script(cold, '#.#..#..#..a');
      const { source, changes } = polled(readings, { failureThreshold: 1, cooldownMs: 10, maxCooldownMs: 15 }, scheduler);
      expectObservable(source, '^ 58ms !').toBe('55ms a');
      flush();
      deepStrictEqual(subscribedAt(readings), [0, 10, 25, 40, 55]);
      deepStrictEqual(changes.filter((change) => change.to === 'open').map((change) => change.cooldownMs), [10, 15, 15, 15]);
    });
  });

  it('removes the source after removeAfter consecutive failures; every later reading errors unsubscribed', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, flush }) => {
      // 0 and 5 fail → open; the probe at 10 fails → cooldown 10; 15 rejected; the probe at 20 is the 4th failure
      const readings = script(cold, '#####');
      const changes: BreakerChange[] = [];
      const config = { failureThreshold: 2, cooldownMs: 5, removeAfter: 4, onStateChange: (c: BreakerChange) => changes.push(c) };
      const breaker = circuitBreaker<string>(config, scheduler);
      let tick = 0;
      const removed = new SourceRemovedError(4, refused);
      expectObservable(poll(() => readings[tick++].pipe(breaker), 5, scheduler)).toBe('20ms #', undefined, removed);
      const later = cold('(a|)');
      expectObservable(later.pipe(breaker), '30ms ^').toBe('30ms #', undefined, removed);
      flush();
      deepStrictEqual(subscribedAt(readings), [0, 5, 10, 20]);
      deepStrictEqual(later.subscriptions, []);
      deepStrictEqual(changes.at(-1), { from: 'half-open', to: 'removed', failures: 4, cooldownMs: 10, error: refused });
    });
  });

  it('stays closed while failures stay below the threshold: a success resets the count', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, flush }) => {
      const readings = script(cold, '#a#a#a');
      const { source, changes } = polled(readings, { failureThreshold: 2, cooldownMs: 100 }, scheduler);
      expectObservable(source, '^ 28ms !').toBe('5ms a 9ms a 9ms a');
      flush();
      deepStrictEqual(changes, []);
    });
  });

  it('passes values a failing reading emitted before its error, then completes it', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const reading = cold('-a-#', undefined, refused);
      expectObservable(reading.pipe(circuitBreaker(50))).toBe('-a-|');
      expectSubscriptions(reading.subscriptions).toBe('^--!');
    });
  });

  it('takes a plain number as cooldownMs and opens after the default 5 failures (the agent\'s BreakerFailures)', () => {
    const scheduler = testScheduler();
    scheduler.run(({ cold, expectObservable, flush }) => {
      const readings = script(cold, '#'.repeat(27));
      let tick = 0;
      const breaker = circuitBreaker<string>(100, scheduler);
      expectObservable(poll(() => readings[tick++].pipe(breaker), 5, scheduler), '^ 130ms !').toBe('');
      flush();
      deepStrictEqual(subscribedAt(readings), [0, 5, 10, 15, 20, 120]);
    });
  });

  it('numbers the states for the internal source: closed 0, half-open 1, open 2, removed 3', () => {
    deepStrictEqual((['closed', 'half-open', 'open', 'removed'] as const).map(breakerStateValue), [0, 1, 2, 3]);
    ok(new SourceRemovedError(3, refused).cause === refused);
  });
});
