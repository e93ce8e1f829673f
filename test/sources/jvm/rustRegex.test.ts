import assert from 'node:assert/strict';
import { rustRegex, RustRegexError } from '../../../src/sources/jvm/rustRegex.js';

const translated = (source: string): string => rustRegex(source).toString();
const refused = (source: string, pattern: RegExp): void =>
  assert.throws(() => rustRegex(source), (error: unknown) => error instanceof RustRegexError && pattern.test(error.message), source);

describe('rustRegex: rs-collector\'s Rust regex syntax as a JavaScript RegExp', () => {
  it('keeps what both syntaxes share unchanged', () => {
    for (const source of ['org\\.apache\\.catalina', '^kafka(-tool)?\\.jar$', '(?:a|b)+c{2,3}', '[a-z0-9_]+\\d\\s\\w']) {
      assert.equal(rustRegex(source).source, source);
      assert.equal(rustRegex(source).flags, '');
    }
  });

  it('turns flags at the start into JavaScript flags, switched-off and Unicode flags into nothing', () => {
    assert.equal(translated('(?i)tomcat'), '/tomcat/i');
    assert.equal(translated('(?ims)a.b'), '/a.b/ims');
    assert.equal(translated('(?i)(?s)a.b'), '/a.b/is');
    assert.equal(translated('(?is-s)a.b'), '/a.b/i');
    assert.equal(translated('(?-i)x'), '/x/');
    assert.equal(translated('(?u)x'), '/x/');
    assert.ok(rustRegex('(?i)BOOTSTRAP').test('org.apache.catalina.startup.Bootstrap'));
    assert.ok(!rustRegex('BOOTSTRAP').test('org.apache.catalina.startup.Bootstrap'));
  });

  it('applies verbose mode (x): white space and # comments go, escaped ones stay', () => {
    assert.equal(translated('(?x) org \\. apache  # the vendor\n  \\ catalina'), '/org\\.apache\\ catalina/');
    assert.ok(rustRegex('(?xi) catalina # Tomcat\n').test('CATALINA'));
  });

  it('translates named groups, \\A and \\z, and ASCII classes', () => {
    assert.equal(rustRegex('(?P<vendor>apache)').exec('org.apache')?.groups?.vendor, 'apache');
    assert.ok(rustRegex('\\Akafka\\z').test('kafka'));
    assert.ok(!rustRegex('\\Akafka\\z').test('kafka-tool'));
    assert.ok(!rustRegex('(?m)\\Akafka\\z').test('x\nkafka'));
    assert.equal(translated('[[:alpha:]_][[:digit:]]'), '/[A-Za-z_][0-9]/');
    assert.ok(rustRegex('^[[:word:]]+$').test('Catalina_10') && !rustRegex('^[[:word:]]+$').test('a b'));
  });

  it('keeps a ] first in a class a member, as Rust reads it', () => {
    assert.ok(rustRegex('[]a]').test(']'));
    assert.ok(rustRegex('[^]a]').test('b') && !rustRegex('[^]a]').test(']'));
  });

  it('refuses, with what to write instead, what JavaScript cannot express', () => {
    refused('(?U)a*', /swap greed.*lazy quantifiers/);
    refused('a(?i)b', /flags inside the pattern .*\(\?i\).*put them at the start/);
    refused('x(?i:abc)', /flags inside the pattern .*\(\?i:/);
    refused('(?R)x', /unknown flag R/);
    refused('(?)x', /names no flag/);
    refused('[[:^alpha:]]', /negated ASCII class/);
    refused('[[:alpah:]]', /unknown ASCII class/);
    refused('\\p{Greek}', /Unicode classes/);
    refused('[a-z&&[^aeiou]]', /nested classes/);
    refused('abc\\', /lone backslash/);
  });

  it('leaves other syntax errors to RegExp', () => {
    assert.throws(() => rustRegex('(unclosed'), SyntaxError);
  });
});
