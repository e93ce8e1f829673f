import { deepStrictEqual, equal, notEqual, throws } from 'node:assert/strict';
import { map, Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import { createClocks, steadyTimer } from '../../src/operators/clock.js';

const testScheduler = (): TestScheduler => new TestScheduler((actual, expected) => deepStrictEqual(actual, expected));

/** An action of LateScheduler: runs its work when the test says so. */
class LateAction<T> extends Subscription implements SchedulerAction<T> {
  constructor(
    private readonly scheduler: LateScheduler,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void,
    readonly dueMs: number,
    private readonly state?: T,
  ) {
    super();
  }

  schedule(state?: T, delay = 0): Subscription {
    return this.scheduler.schedule(this.work, delay, state);
  }

  run(): void {
    this.work.call(this, this.state);
  }
}

/**
 * A scheduler whose actions run when the test says, as late as it says: what a loaded event loop does to timers,
 * which virtual time (always on time) cannot show.
 */
class LateScheduler implements SchedulerLike {
  private nowMs = 0;
  private readonly queue: { readonly dueMs: number; readonly closed: boolean; run(): void }[] = [];

  now(): number {
    return this.nowMs;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    const action = new LateAction(this, work, this.nowMs + delay, state);
    this.queue.push(action);
    return action;
  }

  /** Runs the earliest action `lateMs` after it was due. */
  runNext(lateMs: number): void {
    const next = this.queue.filter((action) => !action.closed).sort((a, b) => a.dueMs - b.dueMs)[0];
    if (next === undefined) throw new Error('nothing scheduled');
    this.queue.splice(this.queue.indexOf(next), 1);
    this.nowMs = Math.max(this.nowMs, next.dueMs + lateMs);
    next.run();
  }
}

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

  it('keeps its ticks due at start + n × interval when each fires late: the lateness does not add up', () => {
    const scheduler = new LateScheduler();
    const fired: [number, number][] = [];
    const subscription = steadyTimer(0, 1000, scheduler).subscribe((tick) => fired.push([tick, scheduler.now()]));
    for (let i = 0; i < 5; i += 1) scheduler.runNext(3);
    subscription.unsubscribe();
    // an interval re-armed at each firing would tick at 3, 1006, 2009, 3012, 4015
    deepStrictEqual(fired, [[0, 3], [1, 1003], [2, 2003], [3, 3003], [4, 4003]]);
  });

  it('takes up at the next due time after a stall longer than an interval, without a burst of missed ticks', () => {
    const scheduler = new LateScheduler();
    const fired: [number, number][] = [];
    const subscription = steadyTimer(500, 1000, scheduler).subscribe((tick) => fired.push([tick, scheduler.now()]));
    scheduler.runNext(0);
    scheduler.runNext(3_200); // tick 1, due at 1500, fires at 4700: ticks 2 to 4 (2500, 3500, 4500) are gone
    scheduler.runNext(0);
    subscription.unsubscribe();
    deepStrictEqual(fired, [[0, 500], [1, 4700], [5, 5500]]);
  });

  it('stops its timer when its subscriber leaves', () => {
    const scheduler = new LateScheduler();
    const subscription = steadyTimer(0, 1000, scheduler).subscribe();
    scheduler.runNext(0);
    subscription.unsubscribe();
    throws(() => scheduler.runNext(0), /nothing scheduled/);
  });

  it('refuses a phase outside [0, 1)', () => {
    throws(() => createClocks(testScheduler(), 1), /phase must be in \[0, 1\)/);
    throws(() => createClocks(testScheduler(), Number.NaN), /phase must be in \[0, 1\)/);
  });
});
