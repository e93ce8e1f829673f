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
 */
import { share, timer, type Observable, type SchedulerLike } from '../rx.js';

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
      clock = timer(firstMs, intervalMs, scheduler).pipe(share());
      clocks.set(key, clock);
    }
    return clock;
  };
}
