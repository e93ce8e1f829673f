/**
 * `createClocks` — one timer for every source that polls at the same interval, so the process wakes once for all of
 * them instead of once per source.
 *
 * ```text
 * const clocks = createClocks(scheduler, 0.5)
 * clocks(10, 4)   --t---------t---------t--      first tick at phase × jitter = 2 ms, then every 10 ms
 * clocks(10, 4)   --t---------t---------t--      the same clock: one timer, both sources read at each tick
 * clocks(20, 4)   --t-------------------t--      another interval, a clock of its own
 * ```
 *
 * Each source with a timer of its own drifts apart from the others: Node re-arms an interval timer from the time
 * its turn came, after the sources before it in the same wake-up had read. So even sources started together soon wake
 * the process separately, and on a virtual machine the first system call after an idle spell costs ~0.1 ms.
 *
 * The random start offset within Jitter (a fleet started together must not poll in step) is one `phase` in [0, 1)
 * for the whole group: every source's first reading comes at phase × its jitter. A clock stops when its last source
 * stops; a group is made for the sources started together (at start, on a reload), so a source started later gets its
 * first reading within its own jitter, not at an older clock's next tick.
 *
 * Ticks are due at start + n × interval, whenever the last one fired: an interval timer re-armed at each firing is
 * ~1 ms late a tick, and the lateness adds up, so a reading at Freq 1 crossed into the next second every few minutes
 * and that series had a second without a datapoint. A clock more than an interval late (the process was stopped, the
 * machine suspended) takes up at the next due time, without a burst of the ticks it missed (those are not a source's
 * skipped ticks, which poll counts: no source was reading).
 */
import { Observable, share, type SchedulerLike, type Subscription } from '../rx.js';

/** The clock of the group for an interval and a jitter (ms): every caller with the same pair gets the same one. */
export type Clocks = (intervalMs: number, jitterMs: number) => Observable<number>;

export function createClocks(scheduler: SchedulerLike, phase: number): Clocks {
  if (!(phase >= 0 && phase < 1)) throw new RangeError(`createClocks: phase must be in [0, 1), not ${phase}`);
  const clocks = new Map<string, Observable<number>>();
  return (intervalMs, jitterMs) => {
    const firstMs = jitterMs > 0 ? phase * jitterMs : 0;
    const key = `${intervalMs}/${firstMs}`;
    let clock = clocks.get(key);
    if (clock === undefined) {
      clock = steadyTimer(firstMs, intervalMs, scheduler).pipe(share());
      clocks.set(key, clock);
    }
    return clock;
  };
}

/** Tick n (0, 1, 2, …; missed ones left out) at `firstMs + n × intervalMs` after subscription, as near as it can. */
export function steadyTimer(firstMs: number, intervalMs: number, scheduler: SchedulerLike): Observable<number> {
  if (!(intervalMs > 0)) throw new RangeError(`steadyTimer: intervalMs must be > 0, not ${intervalMs}`);
  return new Observable<number>((subscriber) => {
    const startMs = scheduler.now() + firstMs;
    let tick = 0;
    let pending: Subscription | undefined;
    const fire = (): void => {
      subscriber.next(tick);
      const lateTicks = Math.floor((scheduler.now() - startMs) / intervalMs);
      tick = Math.max(tick + 1, lateTicks + 1);
      if (!subscriber.closed) pending = scheduler.schedule(fire, Math.max(0, startMs + tick * intervalMs - scheduler.now()));
    };
    pending = scheduler.schedule(fire, Math.max(0, firstMs));
    return () => pending?.unsubscribe();
  });
}
