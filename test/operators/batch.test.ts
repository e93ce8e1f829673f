import { deepStrictEqual } from 'node:assert/strict';
import { TestScheduler } from 'rxjs/testing';
import type { Datum } from '../../src/datum.js';
import { batch, DEFAULT_BATCH_MAX_POINTS } from '../../src/operators/batch.js';

const testScheduler = (): TestScheduler => new TestScheduler((actual, expected) => deepStrictEqual(actual, expected));

const point = (metric: string): Datum => ({ metric, timestamp: 1_700_000_000, value: 1, tags: { host: 'web1' } });
const points = (metrics: string): Datum[] => [...metrics].map(point);

describe('operators/batch', () => {
  it('emits at once after idle, then on count and on age, splits big readings in order, the rest on completion (the diagram)', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const values = {
        a: points('a'),
        b: points('b'),
        R: points('cdefg'),
        h: points('h'),
        v: points('a'),
        x: points('b'),
        y: points('cde'),
        z: points('fg'),
        w: points('h'),
      };
      const input = cold('  a-b-------R-----h--|', values);
      const subs = '        ^------------------!';
      const expected = '    v------x--y----z---(w|)';
      expectObservable(input.pipe(batch({ maxDelayMs: 5, maxPoints: 3 }))).toBe(expected, values);
      expectSubscriptions(input.subscriptions).toBe(subs);
    });
  });

  it('emits nothing while no points arrive, and nothing for empty readings', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = { a: points('a'), e: [] as Datum[], A: points('a') };
      const input = cold('  e-----e---a-----------e---|', values);
      const expected = '    ----------A---------------|';
      expectObservable(input.pipe(batch({ maxDelayMs: 4, maxPoints: 10 }))).toBe(expected, values);
    });
  });

  it('sends the first reading after a quiet spell at once; what follows within maxDelayMs waits for the age clock', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = { a: points('a'), b: points('b'), c: points('c'), d: points('d'), B: points('bc'), D: points('d') };
      const input = cold('  ------a--b-c--------d----', values);
      const expected = '    ------a-------B-----D----';
      expectObservable(input.pipe(batch({ maxDelayMs: 5, maxPoints: 10 })), '^ 24ms !').toBe(expected, values);
    });
  });

  it('lets a reading in the last tenth of maxDelayMs take the batch with it, so the timer does not fire on its own', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = {
        a: points('a'), b: points('b'), c: points('c'), d: points('d'), e: points('e'),
        B: points('bc'), D: points('de'),
      };
      // c at 9 is before the last tenth of b's 10 ms (10–11), so [b,c] waits for the timer at 11; e at 21 is within
      // the last tenth of d's (21–22), so [d,e] leaves with e, a millisecond before its timer was due.
      const input = cold('  ab 7ms c 2ms d 8ms e', values);
      const expected = '    a 10ms B 9ms D';
      expectObservable(input.pipe(batch({ maxDelayMs: 10, maxPoints: 10 })), '^ 30ms !').toBe(expected, values);
    });
  });

  it('emits a reading sendAtOnce picks at once, with what is pending before it (the second diagram)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = { a: points('a'), b: points('b'), F: points('f'), c: points('c'), x: points('bf') };
      const input = cold('  a-b-F--c--|', values);
      const expected = '    a---x-----(c|)';
      const sendAtOnce = (reading: Datum[]): boolean => reading === values.F;
      expectObservable(input.pipe(batch({ maxDelayMs: 5, maxPoints: 10, sendAtOnce }))).toBe(expected, values);
    });
  });

  it('starts the age clock at the first point of a batch, not at the last batch', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = { a: points('a'), b: points('b'), c: points('c'), C: points('c') };
      const input = cold('  a--b------c---------', values);
      const expected = '    a-------b------C----';
      expectObservable(input.pipe(batch({ maxDelayMs: 5, maxPoints: 10 })), '^ 19ms !').toBe(expected, values);
    });
  });

  it('splits one big reading into full batches at once, keeping order', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = { r: points('abcdefgh'), x: points('abc'), y: points('def'), z: points('gh') };
      const input = cold('  r-------', values);
      const expected = '    (xy)--z-';
      expectObservable(input.pipe(batch({ maxDelayMs: 6, maxPoints: 3 }))).toBe(expected, values);
    });
  });

  it('emits what it holds before passing an error on', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const failure = new Error('source pipeline broke');
      const values = { a: points('a'), b: points('b') };
      const input = cold('  a-b-#', values, failure);
      const expected = '    a---(b#)';
      expectObservable(input.pipe(batch({ maxDelayMs: 10, maxPoints: 5 }))).toBe(expected, values, failure);
    });
  });

  it('takes a plain number as maxDelayMs with the default batch size', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const big = Array.from({ length: DEFAULT_BATCH_MAX_POINTS + 1 }, (_, i) => point(`m${i}`));
      const values = { r: big, x: big.slice(0, DEFAULT_BATCH_MAX_POINTS), y: big.slice(DEFAULT_BATCH_MAX_POINTS) };
      expectObservable(cold('r------', values).pipe(batch(3))).toBe('x--y---', values);
    });
  });

  it('passes an unsubscription on to its source', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const values = { a: points('a') };
      const input = cold('  a------', values);
      expectObservable(input.pipe(batch({ maxDelayMs: 5, maxPoints: 10 })), '^--!').toBe('a--', values);
      expectSubscriptions(input.subscriptions).toBe('^--!');
    });
  });
});
