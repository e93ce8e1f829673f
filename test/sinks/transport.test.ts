import assert from 'node:assert/strict';
import { Pool as IndexPool } from 'undici';
import Pool from 'undici/lib/dispatcher/pool.js';

describe('transport', () => {
  it('loads undici\'s own Pool without undici\'s index (the path the transport imports is the class the index exports)', () => {
    assert.equal(Pool, IndexPool);
  });
});
