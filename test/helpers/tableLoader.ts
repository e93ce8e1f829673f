/** Loads TOML snippets with one collector table, the way the agent loads a file, for that table's own tests. */
import { throws } from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ConfiguredSource } from '../../src/config/agent.js';
import { loadConfig, type LoadedConfig } from '../../src/config/load.js';
import { ConfigError, type RegisteredTable } from '../../src/table.js';
import { freshDir } from '../servers/harness.js';

export interface TableLoader {
  /** A fresh directory for the files a test writes (made on first use). */
  readonly dir: string;
  /** `Sink = "stdout"` and `toml` loaded with only this table: the configuration and its warnings. */
  readonly loaded: (toml: string) => LoadedConfig;
  /** The collectors `toml` configures. */
  readonly load: (toml: string) => readonly ConfiguredSource[];
  /** Asserts that loading `toml` fails with a ConfigError naming `key`, its message matching `message`. */
  readonly rejectsKey: (toml: string, key: string, message: RegExp) => void;
}

export function tableLoader(table: RegisteredTable, name: string): TableLoader {
  let dir: string | undefined;
  let files = 0;
  const loader: TableLoader = {
    get dir() {
      dir ??= freshDir(name);
      return dir;
    },
    loaded: (toml) => {
      const file = join(loader.dir, `config-${files++}.toml`);
      writeFileSync(file, `Sink = "stdout"\n${toml}`);
      return loadConfig({ file, tables: [table], env: {}, osHostname: 'test' });
    },
    load: (toml) => loader.loaded(toml).config.sources,
    rejectsKey: (toml, key, message) => throws(() => loader.load(toml),
      (error: unknown) => error instanceof ConfigError && error.key === key && message.test(error.message)),
  };
  return loader;
}
