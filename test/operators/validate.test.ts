import { deepStrictEqual } from 'node:assert/strict';
import { TestScheduler } from 'rxjs/testing';
import type { Datum } from '../../src/datum.js';
import { validate, type ValidateRejectReason } from '../../src/operators/validate.js';

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
      const rejected: [string, number, ValidateRejectReason][] = [];
      const values = {
        a: [point('ok', 1), point('bad', NaN)],
        b: [point('inf', Infinity)],
        c: [point('disk used', 3)],
        A: [point('ok', 1)],
        C: [point('disk_used', 3)],
      };
      const input = cold('  --a----b----c--', values);
      const expected = '    --A---------C--';
      const onReject = (datum: Datum, reason: ValidateRejectReason): number => rejected.push([datum.metric, datum.value, reason]);
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
    const counts = new Map<ValidateRejectReason, number>();
    const kept: Datum[][] = [];
    testScheduler().run(({ cold, flush }) => {
      const onReject = (_: Datum, reason: ValidateRejectReason): void => void counts.set(reason, (counts.get(reason) ?? 0) + 1);
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
      const later = 1_700_000_015;
      const values = { a: [point('x', 1), point('y', 2)], e: [] as Datum[], b: [point('x', 3, undefined, later), point('y', 4, undefined, later)] };
      expectObservable(cold('a-e-b|', values).pipe(validate())).toBe('a---b|', values);
    });
  });
});

describe('operators/validate with tags and exclude (the pipeline step)', () => {
  it('composes the given tags, drops excluded metrics as drop_metrics, leaves the points that came in untouched', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const rejected: [string, ValidateRejectReason][] = [];
      const own = { iface: 'eth0', host: 'source-says' };
      const values = {
        a: [point('net.bytes', 1, own), point('never.sent', 2, own)],
        b: [point('net.bytes', 5, own, 1_700_000_015)],
        A: [point('net.bytes', 1, { iface: 'eth0', host: 'web1', dc: 'ams' })],
        B: [point('net.bytes', 5, { iface: 'eth0', host: 'web1', dc: 'ams' }, 1_700_000_015)],
      };
      const input = cold('  --a----b--', values);
      const expected = '    --A----B--';
      const step = validate({
        tags: { host: 'web1', dc: 'ams' },
        exclude: (metric) => metric.startsWith('never.'),
        onReject: (datum, reason) => rejected.push([datum.metric, reason]),
      });
      expectObservable(input.pipe(step)).toBe(expected, values);
      flush();
      deepStrictEqual(rejected, [['never.sent', 'drop_metrics']]);
      deepStrictEqual(own, { iface: 'eth0', host: 'source-says' });
    });
  });

  it('still checks value and timestamp of every point of a known series, and counts each rejected point', () => {
    const counts = new Map<ValidateRejectReason, number>();
    const kept: Datum[][] = [];
    testScheduler().run(({ cold, flush }) => {
      const readings = {
        a: [point('m', 1), point('bad name!', 1)],
        b: [point('m', NaN, undefined, 1_700_000_015), point('bad name!', 2, undefined, 1_700_000_015), point('m', 3, { host: 'web1' }, -1)],
        c: [point('m', 4, undefined, 1_700_000_030), point('bad name!', NaN, undefined, 1_700_000_030)],
      };
      const onReject = (_: Datum, reason: ValidateRejectReason): void => void counts.set(reason, (counts.get(reason) ?? 0) + 1);
      cold('a-b-c|', readings).pipe(validate({ onReject, tags: { dc: 'x' } })).subscribe((points) => kept.push(points));
      flush();
    });
    deepStrictEqual(kept.map((points) => points.map((p) => [p.metric, p.value])), [
      [['m', 1], ['bad_name', 1]],
      [['bad_name', 2]],
      [['m', 4]],
    ]);
    deepStrictEqual(Object.fromEntries(counts), { not_finite: 2, bad_timestamp: 1 });
  });

  it('a series whose tags change is checked again: a tag value turned invalid rejects its points', () => {
    const reasons: ValidateRejectReason[] = [];
    const kept: Datum[][] = [];
    testScheduler().run(({ cold, flush }) => {
      const readings = {
        a: [point('q', 1, { queue: 'active' })],
        b: [point('q', 2, { queue: '###' }, 1_700_000_015)],
        c: [point('q', 3, { queue: 'active' }, 1_700_000_030)],
      };
      cold('a-b-c|', readings).pipe(validate({ onReject: (_, reason) => reasons.push(reason) }))
        .subscribe((points) => kept.push(points));
      flush();
    });
    deepStrictEqual(reasons, ['bad_tag']);
    deepStrictEqual(kept.map((points) => points.map((p) => p.tags)), [[{ queue: 'active' }], [{ queue: 'active' }]]);
  });

  it('turns away a second point of a series within one second as same_second; an earlier second (clock set back) passes', () => {
    const reasons: [string, number, ValidateRejectReason][] = [];
    const kept: Datum[][] = [];
    const second = 1_700_000_000;
    testScheduler().run(({ cold, flush }) => {
      const readings = {
        // a reading that came late, then the next one on time, in the same second
        a: [point('m', 1, undefined, second), point('n', 1, undefined, second)],
        b: [point('m', 2, undefined, second), point('n', 2, undefined, second + 1)],
        // the clock was set back an hour
        c: [point('m', 3, undefined, second - 3_600)],
      };
      cold('a-b-c|', readings).pipe(validate({ onReject: (datum, reason) => reasons.push([datum.metric, datum.value, reason]) }))
        .subscribe((points) => kept.push(points));
      flush();
    });
    deepStrictEqual(reasons, [['m', 2, 'same_second']]);
    deepStrictEqual(kept.map((points) => points.map((p) => [p.metric, p.value, p.timestamp - second])), [
      [['m', 1, 0], ['n', 1, 0]],
      [['n', 2, 1]],
      [['m', 3, -3_600]],
    ]);
  });
});
