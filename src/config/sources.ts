/**
 * The collector tables of a config file: `[Table]` or `[[Table]]`, each checked against its own schema plus the keys
 * every table takes, then handed to the table's `prepare` so its own complaints surface at load time too.
 */
import type convict from 'convict';
import { MAX_TAGS, isValidName } from '../datum.js';
import type { RawTable } from './document.js';
import { toMs, type ConfiguredSource } from './agent.js';
import { checkKeys, leaves, sensitiveKeys, showValue } from './keys.js';
import { maskKeys } from './mask.js';
import { nearestName } from './nearest.js';
import { pendingSource } from './pending.js';
import { COMMON_SCHEMA, NAME_SCHEMA, type CommonKeys } from './schema.js';
import { checkTags } from './tags.js';
import { MissingResourceError } from '../keyChecks.js';
import { ConfigError, type RegisteredTable } from '../table.js';

/** Top-level values a table falls back to when it does not set its own. */
export interface TableDefaults {
  freqSeconds: number;
  timeoutSeconds: number | null;
  jitterSeconds: number | null;
  globalTagCount: number;
}

interface Instance { path: string; raw: RawTable }

function isTable(value: unknown): value is RawTable {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

function instancesOf(table: RegisteredTable, value: unknown): Instance[] {
  const name = table.table;
  if (isTable(value)) return [{ path: name, raw: value }];
  if (!Array.isArray(value)) throw new ConfigError(name, `must be a table ([${name}]) (got ${showValue(value)})`);
  if (!table.many) throw new ConfigError(name, `only one [${name}] table is allowed, not [[${name}]]`);
  return value.map((raw, index) => {
    if (!isTable(raw)) throw new ConfigError(`${name}[${index}]`, `must be a table (got ${showValue(raw)})`);
    return { path: `${name}[${index}]`, raw };
  });
}

/** One warning per unknown key, with the declared key it probably meant: "`Galera.Pasword`: unknown key (ignored); did you mean `Galera.Password`?" */
export function unknownKeyWarnings(path: string, unknown: readonly string[], known: readonly string[]): string[] {
  return unknown.map((key) => {
    const meant = nearestName(key, known);
    const hint = meant === undefined ? '' : `; did you mean \`${keyName(path, meant)}\`?`;
    return `\`${keyName(path, key)}\`: unknown key (ignored)${hint}`;
  });
}

const keyName = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);

type TableKeys = CommonKeys & { Name?: string } & Record<string, unknown>;

function collectorName(table: string, keys: TableKeys, path: string): string {
  const base = table.toLowerCase();
  if (keys.Name === undefined || keys.Name === '') return base;
  if (!isValidName(keys.Name)) {
    throw new ConfigError(`${path}.Name`, `must be letters, digits or -_./ (got ${showValue(keys.Name)})`);
  }
  return `${base}.${keys.Name}`;
}

function fingerprint(table: string, path: string, keys: TableKeys, defaults: TableDefaults): string {
  // compared for equality only (pipeline `update`), so the text itself serves: no hash, and node:crypto stays unloaded
  return JSON.stringify([table, path, keys, defaults.freqSeconds, defaults.timeoutSeconds, defaults.jitterSeconds]);
}

/** One instance; `earlier` holds the validated keys of the same table's instances before it, and gets its own. */
function configureOne(table: RegisteredTable, instance: Instance, defaults: TableDefaults, warnings: string[],
  earlier: unknown[]): ConfiguredSource {
  const { path, raw } = instance;
  const schema = { ...COMMON_SCHEMA, ...(table.many ? NAME_SCHEMA : {}), ...(table.schema as object) } as
    convict.Schema<TableKeys>;
  const { keys, unknown } = checkKeys(schema, raw, path);
  warnings.push(...unknownKeyWarnings(path, unknown, leaves(schema).map(([key]) => key)));
  const freqSeconds = keys.Freq ?? defaults.freqSeconds;
  const tags = checkTags(keys.Tags, `${path}.Tags`, MAX_TAGS - 1 - defaults.globalTagCount, warnings);
  const name = collectorName(table.table, keys, path);
  let factory: ConfiguredSource['create'];
  const before = [...earlier];
  try {
    factory = table.prepare(keys, path, before);
  } catch (error) {
    if (!(error instanceof MissingResourceError)) throw asConfigError(error, path);
    warnings.push(`${error.message}: collector ${name} fails until it is there (retried on its schedule)`);
    const prepare = (): ConfiguredSource['create'] => {
      try {
        return table.prepare(keys, path, before);
      } catch (again) {
        throw again instanceof MissingResourceError ? again : asConfigError(again, path);
      }
    };
    factory = (context) => pendingSource(name, table.metrics, prepare, context);
  }
  earlier.push(keys);
  return {
    table: table.table,
    path,
    name,
    intervalMs: toMs(freqSeconds),
    timeoutMs: toMs(keys.Timeout ?? defaults.timeoutSeconds ?? freqSeconds),
    jitterMs: toMs(keys.Jitter ?? defaults.jitterSeconds ?? freqSeconds),
    tags,
    settings: maskKeys(keys, sensitiveKeys(schema)),
    key: fingerprint(table.table, path, keys, defaults),
    create: factory,
  };
}

function asConfigError(error: unknown, path: string): ConfigError {
  if (error instanceof ConfigError) return error;
  return new ConfigError(path, (error as Error).message.split('\n')[0] ?? 'invalid');
}

/** Every registered table present in `document`, in registry order, instances in file order. */
export function configureSources(document: RawTable, tables: readonly RegisteredTable[], defaults: TableDefaults,
  warnings: string[]): ConfiguredSource[] {
  const sources: ConfiguredSource[] = [];
  const byName = new Map<string, string>();
  for (const table of tables) {
    if (!Object.hasOwn(document, table.table)) continue;
    const instancesBefore: unknown[] = [];
    for (const instance of instancesOf(table, document[table.table])) {
      const source = configureOne(table, instance, defaults, warnings, instancesBefore);
      const earlier = byName.get(source.name);
      if (earlier !== undefined) {
        throw new ConfigError(`${source.path}.Name`, `${source.name} is already the name of ${earlier}; `
          + `give each [[${table.table}]] its own Name`);
      }
      byName.set(source.name, source.path);
      sources.push(source);
    }
  }
  return sources;
}
