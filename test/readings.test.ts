import assert from 'node:assert/strict';
import { defer, NEVER, of, throwError } from 'rxjs';
import type { Datum } from '../src/datum.js';
import { readings } from '../src/readings.js';
import type { Source } from '../src/source.js';

describe('readings (for await over a source)', () => {
  it('yields readings, skips failed and timed-out ones with onError, and stops polling on break', async () => {
    let call = 0;
    const outcomes = [
      () => of([{ metric: 'a', timestamp: 1, value: 1, tags: {} }]),
      () => throwError(() => new Error('boom')),
      () => NEVER,
      () => of([{ metric: 'a', timestamp: 1, value: 4, tags: {} }]),
    ];
    const source: Source = { name: 'test', metadata: [], collect: () => defer(() => outcomes[call++ % outcomes.length]()) };
    const errors: string[] = [];
    const seen: Datum[][] = [];
    for await (const points of readings(source, { intervalMs: 20, timeoutMs: 10, onError: (e) => errors.push((e as Error).name) })) {
      seen.push(points);
      if (seen.length === 2) break;
    }
    assert.deepEqual(seen.map((points) => points[0]?.value), [1, 4]);
    assert.deepEqual(errors, ['Error', 'ReadingTimeoutError']);
    const callsAtBreak = call;
    await new Promise((resolve) => setTimeout(resolve, 60));
    assert.equal(call, callsAtBreak, 'no reading after the loop ended');
  });
});
