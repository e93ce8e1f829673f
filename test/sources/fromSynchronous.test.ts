import { deepStrictEqual, strictEqual } from 'node:assert';
import { asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import { timeoutEach } from '../../src/operators/timeoutEach.js';
import { fromSynchronous } from '../../src/sources/abortable.js';

interface Seen {
  events: string[];
  done: Promise<void>;
}

function watch(reading: Observable<number>): Seen {
  const events: string[] = [];
  const done = new Promise<void>((resolve) => {
    reading.subscribe({
      next: (value) => events.push(`next ${value}`),
      error: (error: Error) => {
        events.push(`error ${error.message}`);
        resolve();
      },
      complete: () => {
        events.push('complete');
        resolve();
      },
    });
  });
  events.push('subscribed');
  return { events, done };
}

describe('fromSynchronous', () => {
  it('reads as it is subscribed: emits the value and completes before subscribe returns', async () => {
    let reads = 0;
    const seen = watch(fromSynchronous(() => {
      reads += 1;
      return 42;
    }));
    deepStrictEqual(seen.events, ['next 42', 'complete', 'subscribed']);
    await seen.done;
    strictEqual(reads, 1);
  });

  it('turns a throwing read into an error of the reading', async () => {
    const seen = watch(fromSynchronous((): number => {
      throw new Error('ENOENT: /proc/net/dev');
    }));
    await seen.done;
    deepStrictEqual(seen.events, ['error ENOENT: /proc/net/dev', 'subscribed']);
  });

  it('leaves the reading timeout unarmed: done before timeoutEach could arm it', () => {
    let armed = 0;
    const counting: SchedulerLike = {
      now: () => asyncScheduler.now(),
      schedule: (...args: Parameters<SchedulerLike['schedule']>) => {
        armed += 1;
        return asyncScheduler.schedule(...args);
      },
    };
    const values: number[] = [];
    fromSynchronous(() => 7).pipe(timeoutEach<number>(1_000, counting)).subscribe((value) => values.push(value));
    deepStrictEqual(values, [7]);
    strictEqual(armed, 0);
  });

  it('reads again at every subscription', async () => {
    let reads = 0;
    const reading = fromSynchronous(() => (reads += 1));
    await watch(reading).done;
    const second = watch(reading);
    await second.done;
    deepStrictEqual(second.events, ['next 2', 'complete', 'subscribed']);
  });
});
