import { sourceContext } from '../../../src/source.js';
import assert from 'node:assert/strict';
import convict from 'convict';
import { parse } from 'smol-toml';
import { jvmTable, type JvmKeys } from '../../../src/sources/jvm/table.js';
import { ConfigError } from '../../../src/table.js';

/**
 * Reads `[[Jvm]]` tables the way the loader does. The loader adds the common `Name` key to every `[[...]]` table; the
 * stand-in schema here adds it too, so the keys toOptions sees look like the loader's.
 */
function load(toml: string) {
  const tables = (parse(toml) as { Jvm: Record<string, unknown>[] }).Jvm;
  const schema = { ...jvmTable.schema, Name: { doc: 'instance name', format: String, default: '' } };
  return tables.map((table, index) => {
    const config = convict<JvmKeys>(schema);
    config.load(table);
    config.validate({ allowed: 'strict' });
    return jvmTable.toOptions(config.getProperties(), `Jvm[${index}]`);
  });
}

describe('[[Jvm]] config table', () => {
  it('reads rs-collector\'s Command and Name, one source per table', () => {
    assert.deepEqual(load('[[Jvm]]\nCommand = "org\\\\.apache\\\\.catalina"\nName = "tomcat"\n[[Jvm]]\nCommand = "kafka"\nName = "kafka"\n'), [
      { name: 'tomcat', command: 'org\\.apache\\.catalina' },
      { name: 'kafka', command: 'kafka' },
    ]);
  });

  it('refuses an invalid regex at start instead of skipping it as rs-collector did', () => {
    assert.throws(() => load('[[Jvm]]\nCommand = "Bootstrap"\nName = "ok"\n[[Jvm]]\nCommand = "(unclosed"\nName = "bad"\n'),
      (error: unknown) => error instanceof ConfigError && error.key === 'Jvm[1].Command' && /not a valid regular expression/.test(error.message));
  });

  it('requires Command and Name', () => {
    assert.throws(() => load('[[Jvm]]\nName = "x"\n'), (error: unknown) => error instanceof ConfigError && error.key === 'Jvm[0].Command');
    assert.throws(() => load('[[Jvm]]\nCommand = "x"\n'), (error: unknown) => error instanceof ConfigError && error.key === 'Jvm[0].Name');
  });

  it('creates a jvm source tagged with the Name', async () => {
    const [options] = load('[[Jvm]]\nCommand = "x"\nName = "billing"\n');
    assert.ok(options !== undefined);
    const source = (await jvmTable.load())(options, sourceContext());
    assert.equal(source.name, 'jvm.billing');
    assert.ok(source.metadata.some((meta) => meta.metric === 'jvm.gc.stats.full_gc_events'));
  });
});
