/**
 * Throwaway collector tables for the loader's own tests, independent of the real sources: `Toy` may repeat
 * (`[[Toy]]`), `Solo` may not and is on by default. Not in the registry.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { of } from 'rxjs';
import { datum } from '../../src/datum.js';
import { ConfigError, registerTable, type RegisteredTable } from '../../src/table.js';
import { loadConfig, type LoadedConfig, type LoadOptions } from '../../src/config/load.js';

interface ToyKeys { Port: number; Mode: string; Password: string; ApiToken: string; Name?: string }
interface ToyOptions { port: number; mode: string; label: string }

export const toyTable = registerTable<ToyKeys, ToyOptions>({
  table: 'Toy',
  many: true,
  summary: 'A toy for the loader tests.',
  metrics: [{ metric: 'toy.port', rate: 'gauge', unit: '', desc: 'The port.' }],
  schema: {
    Port: { doc: 'A port.', format: 'port', default: 1234 },
    Mode: { doc: 'How fast.', format: ['fast', 'slow'], default: 'fast' },
    Password: { doc: 'A secret.', format: String, default: '', sensitive: true },
    // a secret its table forgot to mark: the loader still hides it, by its name
    ApiToken: { doc: 'Another secret.', format: String, default: '' },
  },
  toOptions(keys, path) {
    if (keys.Mode === 'slow' && keys.Port < 1024) throw new ConfigError(`${path}.Mode`, 'slow needs a Port of 1024 or more');
    return { port: keys.Port, mode: keys.Mode, label: keys.Name ?? '' };
  },
  load: () => Promise.resolve((options) => ({
    name: 'toy',
    metadata: [],
    collect: () => of([datum('toy.port', options.port, { mode: options.mode, label: options.label || 'none' }, 1)]),
  })),
});

export const soloTable = registerTable<{ Path: string }, { path: string }>({
  table: 'Solo',
  many: false,
  summary: 'A single toy.',
  metrics: [],
  onByDefault: true,
  schema: { Path: { doc: 'A path.', format: String, default: '/proc' } },
  toOptions: (keys) => ({ path: keys.Path }),
  load: () => Promise.resolve((options) => ({ name: 'solo', metadata: [], collect: () => of([datum('solo.path', options.path.length, {}, 1)]) })),
});

export const TOY_TABLES: readonly RegisteredTable[] = [toyTable, soloTable];

const dir = mkdtempSync(join(tmpdir(), 'rx-config-'));
let count = 0;

/** Writes `text` to a fresh file and returns its path. */
export function writeConfig(text: string, extension = 'toml'): string {
  count += 1;
  const file = join(dir, `config-${count}.${extension}`);
  writeFileSync(file, text);
  return file;
}

/** Loads `text` as a TOML file with the toy tables, no environment and a fixed machine name. */
export function loadText(text: string, options: Partial<LoadOptions> = {}): LoadedConfig {
  return loadConfig({ env: {}, osHostname: 'box.example.com', tables: TOY_TABLES, ...options, file: writeConfig(text) });
}

/** The message of the ConfigError `load` throws, or a failure when it does not throw one. */
export function errorOf(load: () => unknown): string {
  try {
    load();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError, but the config loaded');
}
