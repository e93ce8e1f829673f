import { deepStrictEqual, ok } from 'node:assert/strict';
import { Observable } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { ReadingTimeoutError, timeoutEach } from '../../src/operators/timeoutEach.js';

const testScheduler = (): TestScheduler => new TestScheduler((actual, expected) => deepStrictEqual(actual, expected));

describe('operators/timeoutEach', () => {
  it('passes values, then cancels a reading that has not completed in time (the diagram)', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('  --a--b---------');
      const subs = '         ^---------!';
      const expected = '     --a--b----#';
      expectObservable(source.pipe(timeoutEach(10))).toBe(expected, undefined, new ReadingTimeoutError(10));
      expectSubscriptions(source.subscriptions).toBe(subs);
    });
  });

  it('runs the reading\'s teardown at the deadline, before the error is seen downstream', () => {
    const scheduler = testScheduler();
    scheduler.run(({ flush }) => {
      const events: string[] = [];
      const reading = new Observable<string>((subscriber) => {
        subscriber.next('partial');
        return () => events.push(`teardown at ${scheduler.now()}`);
      });
      reading.pipe(timeoutEach({ timeoutMs: 7 })).subscribe({
        next: (value) => events.push(`${value} at ${scheduler.now()}`),
        error: (error: unknown) => {
          ok(error instanceof ReadingTimeoutError);
          events.push(`timeout ${error.timeoutMs} at ${scheduler.now()}`);
        },
      });
      flush();
      deepStrictEqual(events, ['partial at 0', 'teardown at 7', 'timeout 7 at 7']);
    });
  });

  it('lets a reading that completes in time through untouched, and cancels the deadline', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('  -a-b-|');
      const subs = '         ^----!';
      const expected = '     -a-b-|';
      expectObservable(source.pipe(timeoutEach(5))).toBe(expected);
      expectSubscriptions(source.subscriptions).toBe(subs);
    });
  });

  it('counts completion, not the first value: a reading that emits early but ends late times out', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('  a-------|');
      const expected = '     a----#';
      expectObservable(source.pipe(timeoutEach(5))).toBe(expected, undefined, new ReadingTimeoutError(5));
    });
  });

  it('passes the reading\'s own error on before the deadline', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const source = cold('  -a#', undefined, new Error('refused'));
      expectObservable(source.pipe(timeoutEach(5))).toBe('-a#', undefined, new Error('refused'));
      expectSubscriptions(source.subscriptions).toBe('^-!');
    });
  });

  it('gives every subscription its own deadline', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const source = cold('  ------|');
      const timed = source.pipe(timeoutEach(4));
      const error = new ReadingTimeoutError(4);
      expectObservable(timed).toBe('----#', undefined, error);
      expectObservable(timed, '--^').toBe('------#', undefined, error);
    });
  });
});
