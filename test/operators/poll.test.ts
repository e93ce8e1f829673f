import { deepStrictEqual } from 'node:assert/strict';
import { merge } from 'rxjs';
import { circuitBreaker } from '../../src/operators/circuitBreaker.js';
import { TestScheduler } from 'rxjs/testing';
import { poll } from '../../src/operators/poll.js';
import { timeoutEach } from '../../src/operators/timeoutEach.js';

const testScheduler = (): TestScheduler => new TestScheduler((actual, expected) => deepStrictEqual(actual, expected));

describe('operators/poll', () => {
  it('runs one reading per tick, never overlapping, and reports skipped ticks (the diagram)', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions, flush }) => {
      let skipped = 0;
      const reading = cold('--a----|');
      const unsub = '       ^-----------------------!';
      const expected = '    --a---------a---------a-';
      const subs = [
        '                   ^------!',
        '                   ----------^------!',
        '                   --------------------^---!',
      ];
      expectObservable(poll(() => reading, { intervalMs: 5, onSkip: () => skipped++ }), unsub).toBe(expected);
      expectSubscriptions(reading.subscriptions).toBe(subs);
      flush();
      deepStrictEqual(skipped, 2);
    });
  });

  it('reads on every tick when readings are faster than the interval, without skipping', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions, flush }) => {
      let skipped = 0;
      const reading = cold('-a|');
      const unsub = '       ^-----------!';
      const expected = '    -a---a---a--';
      const subs = ['       ^-!', '----^-!', '--------^-!'];
      expectObservable(poll(() => reading, { intervalMs: 4, onSkip: () => skipped++ }), unsub).toBe(expected);
      expectSubscriptions(reading.subscriptions).toBe(subs);
      flush();
      deepStrictEqual(skipped, 0);
    });
  });

  it('starts at a random offset within jitterMs, then keeps the interval', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const reading = cold('(a|)');
      const unsub = '       ^-----------------!';
      const expected = '    -------a-----a----';
      const subs = ['       -------(^!)', '-------------(^!)'];
      expectObservable(poll(() => reading, { intervalMs: 6, jitterMs: 10, random: () => 0.7 }), unsub).toBe(expected);
      expectSubscriptions(reading.subscriptions).toBe(subs);
    });
  });

  it('draws a new offset for every subscription', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const offsets = [0.2, 0.5];
      const polled = poll(() => cold('a|'), { intervalMs: 100, jitterMs: 10, random: () => offsets.shift() ?? 0 });
      expectObservable(polled, '^---------!').toBe('--a-------');
      expectObservable(polled, '^---------!').toBe('-----a----');
    });
  });

  it('reads on the ticks of a clock it is given, with no timer of its own, skipping ticks alike', () => {
    testScheduler().run(({ cold, hot, expectObservable, flush }) => {
      let skipped = 0;
      const ticks = hot('---t--t----t--t--');
      const reading = cold('-a--|');
      const polled = poll(() => reading, { intervalMs: 5, jitterMs: 10, random: () => 0.7, ticks, onSkip: () => skipped++ });
      expectObservable(polled, '^---------------!').toBe('----a-------a---');
      flush();
      deepStrictEqual(skipped, 2);
    });
  });

  it('accepts a plain number as the interval in milliseconds', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      expectObservable(poll(() => cold('x|'), 3), '^-------!').toBe('x--x--x-');
    });
  });

  it('passes an error from a reading on and stops polling', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const reading = cold('-a-#');
      expectObservable(poll(() => reading, 10)).toBe('-a-#');
      expectSubscriptions(reading.subscriptions).toBe(['^--!']);
    });
  });

  it('keeps exact tick times for one source while another source hangs (with timeoutEach)', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const hung = cold('  h-----');
      const fast = cold('  (f|)');
      const polled = merge(
        poll(() => hung.pipe(timeoutEach(3), circuitBreaker({ failureThreshold: 100, cooldownMs: 0 })), 5),
        poll(() => fast, { intervalMs: 4, jitterMs: 4, random: () => 0.25 }),
      );
      const unsub = '       ^-------------!';
      const expected = '    hf---(hf)fh--f';
      expectObservable(polled, unsub).toBe(expected);
      expectSubscriptions(hung.subscriptions).toBe(['^--!', '-----^--!', '----------^--!']);
      expectSubscriptions(fast.subscriptions).toBe(['-(^!)', '-----(^!)', '---------(^!)', '-------------(^!)']);
    });
  });
});
