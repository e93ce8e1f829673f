import assert from 'node:assert/strict';
import { checkDatum, cleanName } from '../src/datum.js';

describe('datum', () => {
  it('cleans invalid characters', () => {
    assert.equal(cleanName('1280+'), '1280p');
    assert.equal(cleanName('"http-nio-8080"'), 'http-nio-8080');
  });
  it('rejects NaN', () => {
    assert.deepEqual(checkDatum({ metric: 'a', timestamp: 1, value: NaN, tags: { host: 'h' } }), { ok: false, reason: 'not_finite' });
  });
});
