import { deepStrictEqual, strictEqual } from 'node:assert';
import type { Observable } from 'rxjs';
import { fromSynchronous } from '../../src/sources/abortable.js';
import { unsubscribedAtOnce } from './unsubscribed.js';

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
  it('reads after subscribe has returned, then emits the value and completes', async () => {
    let reads = 0;
    const seen = watch(fromSynchronous(() => {
      reads += 1;
      return 42;
    }));
    strictEqual(reads, 0);
    await seen.done;
    deepStrictEqual(seen.events, ['subscribed', 'next 42', 'complete']);
    strictEqual(reads, 1);
  });

  it('turns a throwing read into an error of the reading', async () => {
    const seen = watch(fromSynchronous((): number => {
      throw new Error('ENOENT: /proc/net/dev');
    }));
    await seen.done;
    deepStrictEqual(seen.events, ['subscribed', 'error ENOENT: /proc/net/dev']);
  });

  it('does not read at all when unsubscribed at once', async () => {
    let reads = 0;
    const leftovers = await unsubscribedAtOnce(fromSynchronous(() => {
      reads += 1;
      return 1;
    }), 20);
    deepStrictEqual(leftovers, { received: [], errors: [], unhandled: [] });
    strictEqual(reads, 0);
  });

  it('reads again at every subscription', async () => {
    let reads = 0;
    const reading = fromSynchronous(() => (reads += 1));
    await watch(reading).done;
    const second = watch(reading);
    await second.done;
    deepStrictEqual(second.events, ['subscribed', 'next 2', 'complete']);
  });
});
