import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { of } from 'rxjs';
import { firstValueFrom } from 'rxjs';
import { freezeSeriesTags, type Datum } from '../../src/datum.js';
import { validate } from '../../src/operators/validate.js';
import { encodeJson } from '../../src/sinks/encode.js';

const parsed = async (items: readonly object[], compress: boolean): Promise<unknown> => {
  const { body } = await encodeJson(items, compress);
  return JSON.parse((compress ? gunzipSync(body) : body).toString('utf8'));
};

describe('sinks/encode', () => {
  it('writes validated points (prefix kept on their series) as JSON.stringify would, gzip or not', async () => {
    const reading: Datum[] = [
      { metric: 'os.net.bytes', timestamp: 1_700_000_000, value: 123_456_789_012, tags: { iface: 'eth0', direction: 'in' } },
      { metric: 'temp', timestamp: 1_700_000_000, value: -0.25, tags: { sensor: 'Zürich' } },
      { metric: 'big', timestamp: 1_700_000_000, value: 1e21, tags: { a: 'b' } },
    ];
    const points = await firstValueFrom(of(reading).pipe(validate({ tags: { host: 'web1' } })));
    strictEqual(Object.isFrozen(points[0]?.tags), true);
    for (const compress of [true, false]) {
      // twice: the second time from the cached prefixes
      deepStrictEqual(await parsed(points, compress), JSON.parse(JSON.stringify(points)));
      deepStrictEqual(await parsed(points, compress), JSON.parse(JSON.stringify(points)));
    }
  });

  it('writes anything else (metadata, tags not from validate, values JSON turns into null) through JSON.stringify', async () => {
    const frozen = freezeSeriesTags({ host: 'h' });
    const items = [
      { Metric: 'm', Name: 'unit', Value: 'bytes' },
      { metric: 'm', timestamp: 1, value: 2, tags: { host: 'h' } },
      { metric: 'm', timestamp: 1, value: Number.NaN, tags: frozen },
      { metric: 'm', timestamp: 1, value: 3, tags: frozen },
    ];
    deepStrictEqual(await parsed(items, true), JSON.parse(JSON.stringify(items)));
  });

  it('a series tags object shared by two metrics gives each its own name', async () => {
    const tags = freezeSeriesTags({ host: 'h' });
    const items = [{ metric: 'a', timestamp: 1, value: 1, tags }, { metric: 'b', timestamp: 1, value: 2, tags },
      { metric: 'a', timestamp: 2, value: 3, tags }];
    deepStrictEqual(await parsed(items, false), JSON.parse(JSON.stringify(items)));
  });

  it('any batch of points, from validate or not, encodes to what JSON.stringify says', async () => {
    const name = fc.string({ minLength: 1, maxLength: 12 });
    const point = fc.record({
      metric: name,
      // a few shared timestamps too: the digits of a timestamp are copied from the point before when it repeats
      timestamp: fc.oneof(fc.constantFrom(1_760_000_000, 1_760_000_015, 7), fc.integer({ min: 1, max: 2 ** 31 }), fc.maxSafeInteger()),
      // integers are written digit by digit, anything else through String(): both, at every size and sign
      value: fc.oneof(fc.double(), fc.maxSafeInteger(), fc.integer()),
      tags: fc.dictionary(name, name, { minKeys: 1, maxKeys: 3 }),
      frozen: fc.boolean(),
    }).map(({ frozen, ...datum }): Datum => (frozen ? { ...datum, tags: freezeSeriesTags(datum.tags) } : datum));
    await fc.assert(fc.asyncProperty(fc.array(point, { maxLength: 40 }), async (points) => {
      deepStrictEqual(await parsed(points, true), JSON.parse(JSON.stringify(points)));
    }), { numRuns: 300 });
  });

  it('writes integers at the edges of the digit-by-digit path exactly', async () => {
    const tags = freezeSeriesTags({ host: 'h' });
    const edges = [0, -0, 1, -1, 9, 10, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), 1e9, 1e9 - 1, 1e9 + 1, 2 ** 31 + 1e9,
      1_760_000_000, 123_456_789_012, 9_999_999_999, 10_000_000_000, 9_007_198_999_999_999, 1_000_000_000_000_099,
      Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, 2 ** 53, 1e21, 0.1, -1.5e-7];
    const items = edges.map((value, i) => ({ metric: 'm', timestamp: i + 1, value, tags }));
    deepStrictEqual(await parsed(items, false), JSON.parse(JSON.stringify(items)));
    const { body } = await encodeJson(items, false);
    strictEqual(body.toString('utf8'), JSON.stringify(items.map(({ metric, tags: t, timestamp, value }) => ({ metric, tags: t, timestamp, value }))));
  });

  it('grows its buffer for a batch larger than it', async () => {
    const tags = freezeSeriesTags({ host: 'h'.repeat(200) });
    // one timestamp for all: its digits are copied from before the buffer grew
    const items = Array.from({ length: 2000 }, (_, i) => ({ metric: `m${i}`, timestamp: 1_760_000_000, value: i, tags: freezeSeriesTags({ ...tags }) }));
    deepStrictEqual(await parsed(items, true), JSON.parse(JSON.stringify(items)));
  });
});
