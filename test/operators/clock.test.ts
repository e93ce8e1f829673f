import { deepStrictEqual, equal, notEqual, throws } from 'node:assert/strict';
import { map } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { createClocks } from '../../src/operators/clock.js';

const testScheduler = (): TestScheduler => new TestScheduler((actual, expected) => deepStrictEqual(actual, expected));

describe('operators/clock', () => {
  it('ticks the sources of one interval together, first at phase × jitter; another interval on its own (the diagram)', () => {
    const scheduler = testScheduler();
    scheduler.run(({ expectObservable }) => {
      const clocks = createClocks(scheduler, 0.5);
      const unsub = '^------------------------!';
      expectObservable(clocks(10, 4).pipe(map(() => 'a')), unsub).toBe('--a---------a---------a---');
      expectObservable(clocks(10, 4).pipe(map(() => 'b')), unsub).toBe('--b---------b---------b---');
      expectObservable(clocks(20, 4).pipe(map(() => 'c')), unsub).toBe('--c-------------------c---');
    });
  });

  it('gives every caller with the same interval and jitter the same clock', () => {
    const clocks = createClocks(testScheduler(), 0.5);
    equal(clocks(10, 4), clocks(10, 4));
    notEqual(clocks(10, 4), clocks(20, 4));
    notEqual(clocks(10, 4), clocks(10, 8));
    notEqual(createClocks(testScheduler(), 0.5)(10, 4), clocks(10, 4));
  });

  it('runs one timer for all its subscribers: one that comes later hears the running clock\'s next tick', () => {
    const scheduler = testScheduler();
    scheduler.run(({ expectObservable }) => {
      const clock = createClocks(scheduler, 0)(5, 0);
      expectObservable(clock, '^-----------!').toBe('a----b----c-', { a: 0, b: 1, c: 2 });
      // a timer of its own would tick at once (7) and count from 0
      expectObservable(clock, '-------^----!').toBe('----------c-', { c: 2 });
    });
  });

  it('starts at once without jitter, whatever the phase', () => {
    const scheduler = testScheduler();
    scheduler.run(({ expectObservable }) => {
      expectObservable(createClocks(scheduler, 0.9)(4, 0), '^--------!').toBe('a---b---c', { a: 0, b: 1, c: 2 });
    });
  });

  it('starts again from its offset once every subscriber has left and a new one comes', () => {
    const scheduler = testScheduler();
    scheduler.run(({ expectObservable }) => {
      const clock = createClocks(scheduler, 0.5)(10, 4);
      expectObservable(clock, '^--!').toBe('--a', { a: 0 });
      expectObservable(clock, '-----^----------!').toBe('-------a---------', { a: 0 });
    });
  });

  it('refuses a phase outside [0, 1)', () => {
    throws(() => createClocks(testScheduler(), 1), /phase must be in \[0, 1\)/);
    throws(() => createClocks(testScheduler(), Number.NaN), /phase must be in \[0, 1\)/);
  });
});
