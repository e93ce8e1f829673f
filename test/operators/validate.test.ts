import { deepStrictEqual } from 'node:assert/strict';
import { TestScheduler } from 'rxjs/testing';
import type { Datum } from '../../src/datum.js';
import { validate, type SeriesRejectReason } from '../../src/operators/validate.js';

const testScheduler = (): TestScheduler => new TestScheduler((actual, expected) => deepStrictEqual(actual, expected));

const point = (metric: string, value: number, tags: Record<string, string> = { host: 'web1' }, timestamp = 1_700_000_000): Datum => ({
  metric,
  timestamp,
  value,
  tags,
});

describe('operators/validate', () => {
  it('keeps good points, cleans names, drops readings left empty (the diagram)', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const rejected: [string, number, SeriesRejectReason][] = [];
      const values = {
        a: [point('ok', 1), point('bad', NaN)],
        b: [point('inf', Infinity)],
        c: [point('disk used', 3)],
        A: [point('ok', 1)],
        C: [point('disk_used', 3)],
      };
      const input = cold('  --a----b----c--', values);
      const expected = '    --A---------C--';
      const onReject = (datum: Datum, reason: SeriesRejectReason): number => rejected.push([datum.metric, datum.value, reason]);
      expectObservable(input.pipe(validate({ onReject }))).toBe(expected, values);
      flush();
      deepStrictEqual(rejected, [
        ['bad', NaN, 'not_finite'],
        ['inf', Infinity, 'not_finite'],
      ]);
    });
  });

  it('reports every reason a point can be rejected for, once per point', () => {
    const ninePoints = Object.fromEntries(Array.from({ length: 9 }, (_, i) => [`k${i}`, 'v']));
    const reading = [
      point('fine', 1),
      point('nan', NaN),
      point('old', 1, { host: 'web1' }, 0),
      point('%%%', 1),
      point('untagged', 1, {}),
      point('crowded', 1, ninePoints),
      point('badtag', 1, { host: '@@' }),
      point('cleanable.tag', 1, { 'queue name': 'deferred mail' }),
      point('inf', -Infinity),
    ];
    const counts = new Map<SeriesRejectReason, number>();
    const kept: Datum[][] = [];
    testScheduler().run(({ cold, flush }) => {
      const onReject = (_: Datum, reason: SeriesRejectReason): void => void counts.set(reason, (counts.get(reason) ?? 0) + 1);
      cold('a|', { a: reading }).pipe(validate({ onReject })).subscribe((points) => kept.push(points));
      flush();
    });
    deepStrictEqual(Object.fromEntries(counts), {
      not_finite: 2,
      bad_timestamp: 1,
      bad_metric: 1,
      no_tags: 1,
      too_many_tags: 1,
      bad_tag: 1,
    });
    deepStrictEqual(kept, [[point('fine', 1), point('cleanable.tag', 1, { queue_name: 'deferred_mail' })]]);
  });

  it('works without a config and passes valid readings through as they are', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = { a: [point('x', 1), point('y', 2)], e: [] as Datum[] };
      expectObservable(cold('a-e-a|', values).pipe(validate())).toBe('a---a|', values);
    });
  });
});
