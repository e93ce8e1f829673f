import assert from 'node:assert/strict';
import { firstValueFrom, of, throwError } from 'rxjs';
import type { MetricMeta } from '../src/datum.js';
import { deferredSource, madeSource } from '../src/deferredSource.js';
import type { Source } from '../src/source.js';

const standIn: MetricMeta[] = [{ metric: 'toy.value', rate: 'gauge', unit: 'count', desc: 'from the table' }];
const own: MetricMeta[] = [{ metric: 'toy.value', rate: 'gauge', unit: 'count', desc: 'from the source itself' }];

function toySource(value: number, closes: string[] = []): Source {
  return {
    name: 'toy/one',
    metadata: own,
    collect: () => of([{ metric: 'toy.value', value, timestamp: 1, tags: {} }]),
    close: () => {
      closes.push('closed');
      return Promise.resolve();
    },
  };
}

describe('deferredSource', () => {
  it('makes the source at the first reading, once; until then the stand-in name and metadata are reported', async () => {
    let made = 0;
    const source = deferredSource('toy', standIn, () => {
      made += 1;
      return Promise.resolve(toySource(made));
    });
    assert.equal(made, 0);
    assert.deepEqual([source.name, source.metadata], ['toy', standIn]);
    assert.deepEqual((await firstValueFrom(source.collect())).map((point) => point.value), [1]);
    assert.deepEqual((await firstValueFrom(source.collect())).map((point) => point.value), [1]);
    assert.equal(made, 1);
    assert.deepEqual([source.name, source.metadata], ['toy/one', own]);
  });

  it('a failure to make it fails that reading only: the next reading tries again', async () => {
    let attempts = 0;
    const source = deferredSource('toy', standIn, () => {
      attempts += 1;
      if (attempts === 1) throw new Error('module not there');
      return toySource(7);
    });
    await assert.rejects(firstValueFrom(source.collect()), /module not there/);
    assert.deepEqual((await firstValueFrom(source.collect())).map((point) => point.value), [7]);
    assert.equal(attempts, 2);
  });

  it('errors of the real source are its readings\' errors', async () => {
    const source = deferredSource('toy', standIn, () => ({ ...toySource(0), collect: () => throwError(() => new Error('no answer')) }));
    await assert.rejects(firstValueFrom(source.collect()), /no answer/);
  });

  it('closes the real source; one made after close (a reading was under way) is closed as soon as it is made', async () => {
    const closes: string[] = [];
    const made = deferredSource('toy', standIn, () => toySource(1, closes));
    await firstValueFrom(made.collect());
    await made.close?.();
    assert.deepEqual(closes, ['closed']);

    const late: string[] = [];
    let finish: (source: Source) => void = () => undefined;
    const slow = deferredSource('toy', standIn, () => new Promise<Source>((resolve) => { finish = resolve; }));
    const reading = slow.collect().subscribe({ error: () => undefined });
    await new Promise((resolve) => setImmediate(resolve));
    await slow.close?.();
    reading.unsubscribe();
    finish(toySource(1, late));
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual(late, ['closed']);
  });

  it('madeSource gives the real source behind every deferral, without a reading; any other source as it is', async () => {
    const real = toySource(3);
    const inner = deferredSource('toy', standIn, () => real);
    const outer = deferredSource('pending', standIn, () => inner);
    assert.equal(await madeSource(outer), real);
    assert.equal(await madeSource(real), real);
  });
});
