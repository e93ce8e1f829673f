/**
 * A file or program a collector needs that is missing at load: a warning naming the key and the path, and a collector
 * whose readings fail with that error until the file is there, then read normally. Other mistakes stay errors.
 */
import { deepStrictEqual, ok, rejects, strictEqual, throws } from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom, of } from 'rxjs';
import { datum } from '../../src/datum.js';
import { executableFile, fileText, MissingResourceError, readableFile } from '../../src/keyChecks.js';
import { readSecret } from '../../src/secret.js';
import { sourceContext } from '../../src/source.js';
import { ConfigError, registerTable } from '../../src/table.js';
import { loadConfig } from '../../src/config/load.js';
import { errorOf, writeConfig } from './toyTables.js';

/** A table that needs a file: its reading reports the file's length. */
const needyTable = registerTable<{ File: string; Size: number }, { text: string; size: number }>({
  table: 'Needy',
  many: false,
  summary: 'Reads one file.',
  metrics: [{ metric: 'needy.length', rate: 'gauge', unit: 'bytes', desc: 'Length of the file.' }],
  schema: {
    File: { doc: 'The file.', format: String, default: '' },
    Size: { doc: 'A size.', format: 'nat', default: 1 },
  },
  toOptions(keys, path) {
    if (keys.Size > 100) throw new ConfigError(`${path}.Size`, 'must be at most 100');
    return { text: fileText(keys.File, `${path}.File`), size: keys.Size };
  },
  load: () => Promise.resolve((options) => ({
    name: 'needy',
    metadata: [{ metric: 'needy.length', rate: 'gauge', unit: 'bytes', desc: 'from the real source' }],
    collect: () => of([datum('needy.length', options.text.length, {}, 1)]),
  })),
});

const dir = mkdtempSync(join(tmpdir(), 'rx-missing-'));
const load = (text: string) => loadConfig({ file: writeConfig(text), env: {}, osHostname: 'box', tables: [needyTable] });

describe('a resource missing at load', () => {
  it('is one warning naming the key and the path, and the collector is still configured', () => {
    const file = join(dir, 'absent.txt');
    const { config, warnings } = load(`[Needy]\nFile = "${file}"\n`);
    deepStrictEqual(config.sources.map((source) => source.name), ['needy']);
    deepStrictEqual(warnings, [`\`Needy.File\`: ${JSON.stringify(file)} does not exist: collector needy fails until it is there (retried on its schedule)`]);
  });

  it('makes every reading fail with that error until the file appears; then the real source reads', async () => {
    const file = join(dir, 'later.txt');
    const source = load(`[Needy]\nFile = "${file}"\n`).config.sources[0]?.create(sourceContext());
    ok(source !== undefined);
    strictEqual(source.name, 'needy');
    deepStrictEqual(source.metadata.map((meta) => meta.desc), ['Length of the file.'], 'the table\'s metrics meanwhile');
    await rejects(firstValueFrom(source.collect()), (error: unknown) => error instanceof MissingResourceError
      && error.key === 'Needy.File' && error.resource === file && error.message === `\`Needy.File\`: ${JSON.stringify(file)} does not exist`);
    await rejects(firstValueFrom(source.collect()), MissingResourceError);
    writeFileSync(file, 'hello');
    deepStrictEqual(await firstValueFrom(source.collect()), [datum('needy.length', 5, {}, 1)]);
    deepStrictEqual(source.metadata.map((meta) => meta.desc), ['from the real source']);
  });

  it('does not hide a value that is wrong: that is a ConfigError at load, as before', () => {
    strictEqual(errorOf(() => load(`[Needy]\nFile = "${join(dir, 'absent.txt')}"\nSize = 500\n`)), 'config: Needy.Size: must be at most 100');
    ok(errorOf(() => load('[Needy]\nSize = "big"\n')).startsWith('config: Needy.Size: '));
  });
});

describe('src/keyChecks.ts: missing or wrong', () => {
  it('tells a missing file (wait for it) from a wrong one (a directory: a ConfigError)', () => {
    throws(() => readableFile(join(dir, 'nope'), 'T.CaCert'), MissingResourceError);
    throws(() => readableFile(join(dir, 'nope', 'deeper'), 'T.CaCert'), MissingResourceError);
    const sub = join(dir, 'a-directory');
    mkdirSync(sub, { recursive: true });
    throws(() => readableFile(sub, 'T.CaCert'), (error: unknown) => error instanceof ConfigError && /is a directory/.test(error.message));
    throws(() => fileText(sub, 'T.CaCert'), (error: unknown) => error instanceof ConfigError && /EISDIR/.test(error.message));
  });

  it('finds a bare program name on PATH, and reports a program that is not there or not executable as missing', () => {
    ok(['/usr/bin/sh', '/bin/sh'].includes(executableFile('sh', 'T.Command')));
    throws(() => executableFile('no-such-program-rx', 'T.Command'), MissingResourceError);
    const plain = join(dir, 'not-executable');
    writeFileSync(plain, 'x');
    throws(() => executableFile(plain, 'T.Command'), (error: unknown) => error instanceof MissingResourceError && /is not executable/.test(error.message));
  });

  it('readSecret: a missing PasswordFile is a missing resource; both a password and a file is a ConfigError', () => {
    throws(() => readSecret('', join(dir, 'pw'), 'T.PasswordFile'), MissingResourceError);
    throws(() => readSecret('inline', join(dir, 'pw'), 'T.PasswordFile'), ConfigError);
    writeFileSync(join(dir, 'pw'), 's3cret\n');
    strictEqual(readSecret('', join(dir, 'pw'), 'T.PasswordFile'), 's3cret');
  });
});
