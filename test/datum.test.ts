import assert from 'node:assert/strict';
import fc from 'fast-check';
import { checkDatum, cleanName, isValidName } from '../src/datum.js';

describe('datum', () => {
  it('cleans invalid characters', () => {
    assert.equal(cleanName('1280+'), '1280p');
    assert.equal(cleanName('"http-nio-8080"'), 'http-nio-8080');
  });
  it('rejects NaN', () => {
    assert.deepEqual(checkDatum({ metric: 'a', timestamp: 1, value: NaN, tags: { host: 'h' } }), { ok: false, reason: 'not_finite' });
  });
  it('isValidName: letters and digits of any script, -_./, nothing else, not empty', () => {
    assert.equal(isValidName('os.net.bytes'), true);
    assert.equal(isValidName('Zürich-Ost_2/ä.ß'), true);
    assert.equal(isValidName('東京'), true);
    assert.equal(isValidName(''), false);
    assert.equal(isValidName('disk used'), false);
    assert.equal(isValidName('a:b'), false);
    assert.equal(isValidName('ünicode mit leer'), false);
  });
  it('isValidName answers as the Unicode rule /^[\\p{L}\\p{N}\\-_./]+$/u for any text', () => {
    const rule = /^[\p{L}\p{N}\-_./]+$/u;
    const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.string({ unit: fc.constantFrom('a', 'Z', '9', '-', '_', '.', '/', ' ', ':', 'é', '東', '\u0000') }));
    fc.assert(fc.property(text, (value) => isValidName(value) === rule.test(value)), { numRuns: 2000 });
  });
});
