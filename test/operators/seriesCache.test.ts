import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import fc from 'fast-check';
import { seriesEncoding } from '../../src/datum.js';
import { SeriesCache, SWEEP_READINGS } from '../../src/operators/seriesCache.js';

describe('operators/seriesCache', () => {
  it('checks a series once: the same frozen tags object for every reading of it, fixed tags composed in and winning', () => {
    const cache = new SeriesCache({ tags: { host: 'web1', dc: 'ams' } });
    cache.startReading();
    const first = cache.lookup('os.net.bytes', { iface: 'eth0', direction: 'in', dc: 'source-says' });
    cache.startReading();
    // a fresh tags object each reading, as sources make them
    const second = cache.lookup('os.net.bytes', { iface: 'eth0', direction: 'in', dc: 'source-says' });
    ok(first.ok && second.ok);
    strictEqual(second, first);
    deepStrictEqual(first.tags, { iface: 'eth0', direction: 'in', dc: 'ams', host: 'web1' });
    ok(Object.isFrozen(first.tags));
    strictEqual(cache.series, 1);
    // the encoder's slot rides on the tags, unseen by JSON, spreads and key listings
    ok(seriesEncoding(first.tags) !== undefined);
    strictEqual(JSON.stringify(first.tags), '{"iface":"eth0","direction":"in","dc":"ams","host":"web1"}');
    strictEqual(seriesEncoding({ ...first.tags }), undefined);
    deepStrictEqual(Reflect.ownKeys({ ...first.tags }), ['iface', 'direction', 'dc', 'host']);
  });

  it('a series whose tags change is a new series, checked again', () => {
    const cache = new SeriesCache({ tags: { host: 'web1' } });
    cache.startReading();
    const good = cache.lookup('queue.size', { queue: 'active' });
    const bad = cache.lookup('queue.size', { queue: '@@@' });
    const cleaned = cache.lookup('queue.size', { queue: 'deferred mail' });
    const more = cache.lookup('queue.size', { queue: 'active', extra: 'x' });
    deepStrictEqual(good, { ok: true, metric: 'queue.size', tags: { queue: 'active', host: 'web1' } });
    deepStrictEqual(bad, { ok: false, reason: 'bad_tag' });
    deepStrictEqual(cleaned, { ok: true, metric: 'queue.size', tags: { queue: 'deferred_mail', host: 'web1' } });
    deepStrictEqual(more, { ok: true, metric: 'queue.size', tags: { queue: 'active', extra: 'x', host: 'web1' } });
    strictEqual(cache.series, 4);
  });

  it('a point is answered for its own series whatever stood at its position in the last reading', () => {
    const metrics = ['m', 'n'];
    const tagSets: Record<string, string>[] = [{ x: '1' }, { x: '2' }, { x: '1', y: '2' }, { y: '2', x: '1' }, { x: '@@' },
      { x: '1', host: 'source' }, { x: '1', y: '3' }];
    const point = fc.record({ metric: fc.constantFrom(...metrics), tags: fc.constantFrom(...tagSets) });
    fc.assert(fc.property(fc.array(fc.array(point, { maxLength: 6 }), { maxLength: 12 }), (readings) => {
      const config = { tags: { host: 'h' } };
      const cache = new SeriesCache(config);
      for (const reading of readings) {
        cache.startReading();
        for (const { metric, tags } of reading) {
          // a fresh tags object each time, as sources make them; the answer is what a cache new to the series gives
          deepStrictEqual(cache.lookup(metric, { ...tags }), new SeriesCache(config).lookup(metric, tags));
        }
      }
    }), { numRuns: 500 });
  });

  it('a series at the same position reading after reading keeps its one answer', () => {
    const cache = new SeriesCache({ tags: { host: 'h' } });
    const answers = [];
    for (let reading = 0; reading < 3; reading += 1) {
      cache.startReading();
      answers.push([cache.lookup('m', { a: '1' }), cache.lookup('m', { a: '2' }), cache.lookup('n', { a: '1' })]);
    }
    for (const later of answers.slice(1)) for (let i = 0; i < 3; i += 1) strictEqual(later[i], answers[0]?.[i]);
    strictEqual(cache.series, 3);
  });

  it('tells keys from values: {a: "b", c: "d"} and {a: "b,c=d"} are different series', () => {
    const cache = new SeriesCache({ tags: { host: 'h' } });
    const two = cache.lookup('m', { a: 'b', c: 'd' });
    const one = cache.lookup('m', { a: 'b,c=d' });
    deepStrictEqual(two, { ok: true, metric: 'm', tags: { a: 'b', c: 'd', host: 'h' } });
    deepStrictEqual(one, { ok: true, metric: 'm', tags: { a: 'bcd', host: 'h' } });
  });

  it('gives the reason of checkDatum for a series that cannot be sent, and drop_metrics for an excluded metric', () => {
    const cache = new SeriesCache({ tags: { host: 'h' }, exclude: (metric) => metric.startsWith('never.') });
    deepStrictEqual(cache.lookup('never.this', { a: 'b' }), { ok: false, reason: 'drop_metrics' });
    deepStrictEqual(cache.lookup('%%%', {}), { ok: false, reason: 'bad_metric' });
    const nine = Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`k${i}`, 'v']));
    deepStrictEqual(cache.lookup('crowded', nine), { ok: false, reason: 'too_many_tags' });
    deepStrictEqual(new SeriesCache().lookup('untagged', {}), { ok: false, reason: 'no_tags' });
  });

  it('forgets series not seen for SWEEP_READINGS readings, keeps those still read', () => {
    const cache = new SeriesCache({ tags: { host: 'h' } });
    cache.startReading();
    cache.lookup('gone', { container: 'c1' });
    const kept = cache.lookup('kept', { iface: 'eth0' });
    for (let reading = 0; reading < 2 * SWEEP_READINGS; reading += 1) {
      cache.startReading();
      cache.lookup('kept', { iface: 'eth0' });
    }
    strictEqual(cache.series, 1);
    strictEqual(cache.lookup('kept', { iface: 'eth0' }), kept);
  });
});
