import assert from 'node:assert/strict';
import * as rxjs from 'rxjs';
import * as rx from '../src/rx.js';

describe('rx (RxJS entry points one by one)', () => {
  it('exports exactly the classes and functions RxJS\'s index exports under the same names', () => {
    const names = Object.keys(rx);
    assert.ok(names.length >= 20, names.join(' '));
    for (const name of names) assert.equal(rx[name as keyof typeof rx], rxjs[name as keyof typeof rxjs], name);
  });

  it('an Observable made here is one for the caller\'s rxjs', async () => {
    const made = rx.of(1, 2, 3).pipe(rx.map((n) => n * 2));
    assert.ok(made instanceof rxjs.Observable);
    assert.deepEqual(await rxjs.firstValueFrom(made.pipe(rxjs.toArray())), [2, 4, 6]);
  });
});
