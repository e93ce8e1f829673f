import { sourceContext } from '../../../src/source.js';
import { deepStrictEqual, strictEqual, throws } from 'node:assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load.js';
import { postfixTable, type PostfixKeys } from '../../../src/sources/postfix/table.js';
import { ConfigError, registerTable } from '../../../src/table.js';

const defaults = (): PostfixKeys => Object.fromEntries(Object.entries(postfixTable.schema)
  .map(([key, spec]) => [key, (spec as { default: unknown }).default])) as unknown as PostfixKeys;

describe('[Postfix] table', () => {
  it('switches the source on with defaults from rs-collector\'s empty table', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rx-postfix-config-'));
    try {
      const file = join(dir, 'rs-collector.toml');
      writeFileSync(file, 'Host = "http://127.0.0.1:8070"\n\n[Postfix]\n');
      const { config } = loadConfig({ file, env: {}, osHostname: 'h', tables: [registerTable(postfixTable)] });
      deepStrictEqual(config.sources.map((source) => [source.table, source.name]), [['Postfix', 'postfix']]);
      strictEqual(config.sources[0]?.create(sourceContext()).name, 'postfix');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('maps the keys to the source options', () => {
    deepStrictEqual(postfixTable.toOptions({ ...defaults(), ConfigDirectory: '/etc/postfix-out', Collect: ['queues'] }, 'Postfix'), {
      postqueuePath: '/usr/sbin/postqueue', configDirectory: '/etc/postfix-out', logFile: '/var/log/mail.log', queues: true, statistics: false,
    });
  });

  it('names the key of a bad value', () => {
    const keyOf = (keys: Partial<PostfixKeys>) => {
      try {
        postfixTable.toOptions({ ...defaults(), ...keys }, 'Postfix');
      } catch (error) {
        if (error instanceof ConfigError) return error.key;
      }
      return 'no error';
    };
    strictEqual(keyOf({ Collect: ['queues', 'mail'] }), 'Postfix.Collect');
    strictEqual(keyOf({ Collect: [] }), 'Postfix.Collect');
    strictEqual(keyOf({ LogFile: '' }), 'Postfix.LogFile');
    strictEqual(keyOf({ LogFile: '', Collect: ['queues'] }), 'no error');
    throws(() => postfixTable.toOptions({ ...defaults(), PostqueuePath: '' }, 'Postfix'), /Postfix\.PostqueuePath: must not be empty/);
  });

  it('declares a doc and a default for every key', () => {
    for (const [key, spec] of Object.entries(postfixTable.schema)) {
      const { doc, default: fallback } = spec as { doc?: string; default?: unknown };
      if (!doc || fallback === undefined) throw new Error(`${key} lacks doc or default`);
    }
  });
});
