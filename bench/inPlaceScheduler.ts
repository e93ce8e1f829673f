/**
 * A virtual-time scheduler whose actions reschedule in place: a periodic timer is one action that moves forward, as
 * under the real asyncScheduler. RxJS's stock VirtualTimeScheduler makes a new action object for every reschedule and
 * keeps executed ones reachable long enough to look like ~300 bytes leaked per tick, which hides a real leak or fakes
 * one. Time only moves in `advanceTo`.
 */
import { Subscription, type SchedulerAction, type SchedulerLike } from 'rxjs';

/** What the queue needs of an action, whatever its state type. */
interface Queued {
  readonly due: number;
  execute(): void;
}

class InPlaceAction<T> extends Subscription implements SchedulerAction<T>, Queued {
  due = 0;
  private state: T | undefined;

  constructor(private readonly scheduler: InPlaceVirtualScheduler,
    private readonly work: (this: SchedulerAction<T>, state?: T) => void) {
    super(() => scheduler.cancel(this));
  }

  schedule(state?: T, delay = 0): Subscription {
    if (this.closed) return this;
    this.state = state;
    this.due = this.scheduler.now() + delay;
    this.scheduler.enqueue(this);
    return this;
  }

  execute(): void {
    this.work.call(this, this.state);
  }
}

export class InPlaceVirtualScheduler implements SchedulerLike {
  private time = 0;
  /** Pending actions; a Set keeps insertion order, so actions due at the same time run first come, first served. */
  private readonly queue = new Set<Queued>();

  now(): number {
    return this.time;
  }

  schedule<T>(work: (this: SchedulerAction<T>, state?: T) => void, delay = 0, state?: T): Subscription {
    return new InPlaceAction<T>(this, work).schedule(state, delay);
  }

  /** Runs every action due up to `untilMs`, in time order; returns how many ran. */
  advanceTo(untilMs: number): number {
    let ran = 0;
    for (;;) {
      let next: Queued | undefined;
      for (const action of this.queue) if (next === undefined || action.due < next.due) next = action;
      if (next === undefined || next.due > untilMs) break;
      this.queue.delete(next);
      this.time = next.due;
      next.execute();
      ran += 1;
    }
    this.time = Math.max(this.time, untilMs);
    return ran;
  }

  /** Actions waiting to run. */
  get pending(): number {
    return this.queue.size;
  }

  enqueue(action: Queued): void {
    this.queue.delete(action);
    this.queue.add(action);
  }

  cancel(action: Queued): void {
    this.queue.delete(action);
  }
}
