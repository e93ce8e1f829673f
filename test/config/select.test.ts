/** `--collector NAME`: only the named collectors run; a table the file lacks runs with its defaults. */
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { TOY_TABLES, errorOf, loadText } from './toyTables.js';
import { loadConfig } from '../../src/config/load.js';

const names = (text: string, collectors: string[]) => loadText(text, { collectors }).config.sources.map((source) => source.name);

describe('loadConfig({ collectors })', () => {
  it('keeps the tables named (in any case) and drops the rest', () => {
    deepStrictEqual(names('[[Toy]]\nName = "a"\n[[Toy]]\nName = "b"\n[Solo]\n', ['toy']), ['toy.a', 'toy.b']);
    deepStrictEqual(names('[[Toy]]\nName = "a"\n[Solo]\n', ['SOLO', 'Toy']), ['toy.a', 'solo']);
  });

  it('keeps one instance of a [[Table]] by its collector name', () => {
    deepStrictEqual(names('[[Toy]]\nName = "a"\n[[Toy]]\nName = "b"\n', ['toy.b']), ['toy.b']);
  });

  it('runs a table the file does not have with its defaults', () => {
    deepStrictEqual(names('[Solo]\n', ['toy']), ['toy']);
    const { config } = loadConfig({ defaultFiles: ['/nonexistent/rx.toml'], env: {}, tables: TOY_TABLES, collectors: ['toy'] });
    deepStrictEqual(config.sources.map((source) => source.name), ['toy']);
  });

  it('"internal" selects no table (the agent adds its own source)', () => {
    deepStrictEqual(names('[Solo]\n', ['internal']), []);
  });

  it('refuses a name that is neither a table of this build nor a collector of the file, on --collector', () => {
    strictEqual(errorOf(() => names('', ['Tyo'])), 'config: --collector: no collector "Tyo" in this build; did you mean Toy? (rx-collector --list shows them)');
    strictEqual(errorOf(() => names('[[Toy]]\nName = "a"\n', ['toy.z'])), 'config: --collector: no collector "toy.z" in the configuration (names: toy.a)');
  });
});

describe('loadConfig({ defaultFiles })', () => {
  it('reads the first that exists: ours, else rs-collector\'s', async () => {
    const { writeConfig } = await import('./toyTables.js');
    const rs = writeConfig('Hostname = "from-rs"\n');
    const ours = writeConfig('Hostname = "from-ours"\n');
    const load = (files: string[]) => loadConfig({ defaultFiles: files, env: {}, tables: TOY_TABLES }).config;
    deepStrictEqual([load(['/nonexistent/rx.toml', rs]).file, load(['/nonexistent/rx.toml', rs]).hostname], [rs, 'from-rs']);
    strictEqual(load([ours, rs]).hostname, 'from-ours');
    strictEqual(load(['/nonexistent/a', '/nonexistent/b']).file, undefined);
  });
});
