import { deepStrictEqual } from 'node:assert/strict';
import { TestScheduler } from 'rxjs/testing';
import type { Datum } from '../../src/datum.js';
import { tag } from '../../src/operators/tag.js';

const testScheduler = (): TestScheduler => new TestScheduler((actual, expected) => deepStrictEqual(actual, expected));

const point = (metric: string, tags: Record<string, string>): Datum => ({ metric, timestamp: 1_700_000_000, value: 1, tags });

describe('operators/tag', () => {
  it('sets the given tags on every point, overriding the same keys (the diagram)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = {
        a: [point('cpu', { host: 'web1' })],
        b: [point('mem', { host: 'web1', dc: 'ams' })],
        A: [point('cpu', { host: 'web1', dc: 'lon' })],
        B: [point('mem', { host: 'web1', dc: 'lon' })],
      };
      const input = cold('  --a-----b--', values);
      const expected = '    --A-----B--';
      expectObservable(input.pipe(tag({ dc: 'lon' }))).toBe(expected, values);
    });
  });

  it('lets the last tag() win, so global tags applied after source tags take precedence', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const values = {
        r: [point('q', { host: 'db1', role: 'source-default', queue: 'active' })],
        R: [point('q', { host: 'db1', role: 'primary', queue: 'active', env: 'prod' })],
      };
      const source = { role: 'replica', env: 'test' };
      const global = { role: 'primary', env: 'prod' };
      expectObservable(cold('r|', values).pipe(tag(source), tag(global))).toBe('R|', values);
    });
  });

  it('never mutates the points it is given, nor reuses the caller\'s tag object', () => {
    const tags = { dc: 'lon' };
    const reading = [point('cpu', { host: 'web1' }), point('mem', { host: 'web1', dc: 'ams' })];
    const before = structuredClone(reading);
    const seen: Datum[][] = [];
    testScheduler().run(({ cold, flush }) => {
      cold('a|', { a: reading }).pipe(tag(tags)).subscribe((points) => seen.push(points));
      tags.dc = 'changed later';
      flush();
    });
    deepStrictEqual(reading, before);
    deepStrictEqual(seen.flat().map((p) => p.tags.dc), ['lon', 'lon']);
  });
});
