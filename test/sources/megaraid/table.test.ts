import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import convict from 'convict';
import { parse } from 'smol-toml';
import { megaraidTable, type MegaraidKeys } from '../../../src/sources/megaraid/table.js';
import { MissingResourceError } from '../../../src/keyChecks.js';
import { ConfigError } from '../../../src/table.js';

const STAND_IN = fileURLToPath(new URL('../../fixtures/megaraid/megacli-standin.sh', import.meta.url));
const NOT_EXECUTABLE = fileURLToPath(new URL('../../fixtures/megaraid/ldpdinfo-every-state.txt', import.meta.url));

/** Reads a `[Megaraid]` table the way the loader does: TOML, then the convict schema, then toOptions. */
function load(toml: string) {
  const table = (parse(toml) as { Megaraid: Record<string, unknown> }).Megaraid;
  const config = convict<MegaraidKeys>(megaraidTable.schema);
  config.load(table);
  config.validate({ allowed: 'strict' });
  return megaraidTable.toOptions(config.getProperties(), 'Megaraid');
}

function assertConfigError(toml: string, key: string, message: RegExp, type: typeof ConfigError | typeof MissingResourceError = ConfigError): void {
  assert.throws(() => load(toml), (error: unknown) => error instanceof type && error.key === key && message.test(error.message));
}

describe('[Megaraid] config table', () => {
  it('reads rs-collector\'s keys, with "ALL" as the adapter that rs-collector could not parse', () => {
    assert.deepEqual(load(`[Megaraid]\ntick_interval = 4\nmegacli_command = "${STAND_IN}"\nadapter = "ALL"\n`),
      { tickInterval: 4, megacliCommand: STAND_IN, adapter: 'ALL' });
    assert.deepEqual(load(`[Megaraid]\nmegacli_command = "${STAND_IN}"\nadapter = 2\n`),
      { tickInterval: 1, megacliCommand: STAND_IN, adapter: 2 });
    assert.equal(load(`[Megaraid]\nmegacli_command = "${STAND_IN}"\nadapter = "all"\n`).adapter, 'ALL');
    assert.equal(load(`[Megaraid]\nmegacli_command = "${STAND_IN}"\nadapter = "3"\n`).adapter, 3);
  });

  it('reports a MegaCli that is missing or not executable as a missing resource (the collector waits for it), naming the key', () => {
    assertConfigError('[Megaraid]\nmegacli_command = "/nonexistent/MegaCli64"\n', 'Megaraid.megacli_command', /does not exist/, MissingResourceError);
    assertConfigError(`[Megaraid]\nmegacli_command = "${NOT_EXECUTABLE}"\n`, 'Megaraid.megacli_command', /not executable/, MissingResourceError);
    assertConfigError('[Megaraid]\nmegacli_command = "/tmp"\n', 'Megaraid.megacli_command', /not a file/);
  });

  it('refuses an adapter that is neither a number nor "ALL", and a tick interval below 1', () => {
    assertConfigError(`[Megaraid]\nmegacli_command = "${STAND_IN}"\nadapter = "first"\n`, 'Megaraid.adapter', /neither/);
    assertConfigError(`[Megaraid]\nmegacli_command = "${STAND_IN}"\nadapter = -1\n`, 'Megaraid.adapter', /neither/);
    assertConfigError(`[Megaraid]\nmegacli_command = "${STAND_IN}"\ntick_interval = 0\n`, 'Megaraid.tick_interval', /≥ 1/);
  });

  it('documents every key with a default', () => {
    for (const [key, spec] of Object.entries(megaraidTable.schema) as [string, { doc?: unknown }][]) {
      assert.ok(typeof spec.doc === 'string' && spec.doc.length > 10, key);
      assert.ok('default' in spec, key);
    }
    assert.equal(megaraidTable.table, 'Megaraid');
    assert.equal(megaraidTable.many, false);
  });
});
