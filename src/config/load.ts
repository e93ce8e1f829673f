/**
 * From a file (ours or an unchanged rs-collector one), the environment and the collector tables it is given (the
 * registry, src/sources/registry.ts, for the agent) to a checked AgentConfig.
 * Bad values are errors naming the key; unknown keys and tables this build cannot run are warnings.
 */
import { hostname } from 'node:os';
import { agentSettings, type AgentConfig } from './agent.js';
import { readDocument, type RawTable } from './document.js';
import { checkKeys } from './keys.js';
import { TOP_SCHEMA } from './schema.js';
import { configureSources, unknownKeysWarning } from './sources.js';
import type { RegisteredTable } from '../table.js';

export const DEFAULT_CONFIG_FILE = '/etc/rx-collector/rx-collector.toml';

export interface LoadOptions {
  /** The file to read (TOML, or JSON by `.json`); it must exist. Unset: `defaultFile`, which may be missing. */
  file?: string;
  /** Where `RX_COLLECTOR_…` overrides come from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The machine name the host tag comes from when Hostname is unset; default os.hostname(). */
  osHostname?: string;
  /** The collector tables to accept: the registry's SOURCE_TABLES, plus any a program registers itself. */
  tables: readonly RegisteredTable[];
  /** Read when `file` is unset; default DEFAULT_CONFIG_FILE. When missing, the embedded default applies. */
  defaultFile?: string;
}

export interface LoadedConfig {
  config: AgentConfig;
  warnings: string[];
}

/**
 * With no config file: every host source that is on by default, with default keys (printed unless Host is set). They
 * read at once: the start jitter spreads a fleet's load on a shared receiver, and there is none to spread here.
 */
export function embeddedDefault(tables: readonly RegisteredTable[]): RawTable {
  const onByDefault = tables.filter((table) => table.onByDefault).map((table): [string, RawTable] => [table.table, {}]);
  return { Jitter: 0, ...Object.fromEntries(onByDefault) };
}

function splitDocument(document: RawTable, tables: readonly RegisteredTable[]): RawTable {
  const tableNames = new Set(tables.map((table) => table.table));
  return Object.fromEntries(Object.entries(document).filter(([key]) => !tableNames.has(key)));
}

/**
 * The tables rs-collector 0.1.8 knew: a fact about the agent we replace, not a list of our collectors (that is the
 * registry, which has every one of them). A program that loads with fewer tables is told which of these it lacks.
 */
export const RS_COLLECTOR_TABLES: readonly string[] = ['Galera', 'Mongo', 'Postfix', 'Jvm', 'Megaraid', 'HasIpAddr'];

/** Unknown top-level keys and tables, with the known name a differently spelled one probably meant. */
function warnUnknown(unknown: readonly string[], tables: readonly RegisteredTable[], warnings: string[]): void {
  const unsupported = unknown.filter((key) => RS_COLLECTOR_TABLES.includes(key));
  const rest = unknown.filter((key) => !RS_COLLECTOR_TABLES.includes(key));
  for (const table of unsupported) warnings.push(`${table}: is not supported by this build (ignored)`);
  if (rest.length === 0) return;
  const known = [...Object.keys(TOP_SCHEMA), ...tables.map((table) => table.table)];
  const hints = rest.flatMap((key) => {
    const meant = known.find((known) => known.toLowerCase() === key.toLowerCase());
    return meant === undefined ? [] : [`${meant} instead of ${key}`];
  });
  warnings.push(unknownKeysWarning('', rest) + (hints.length > 0 ? `; did you mean ${hints.join(', ')}?` : ''));
}

/** Reads, checks and resolves the configuration. Throws ConfigError (one line, naming the key) on bad input. */
export function loadConfig(options: LoadOptions): LoadedConfig {
  const { tables } = options;
  const file = options.file ?? options.defaultFile ?? DEFAULT_CONFIG_FILE;
  const read = readDocument(file, options.file !== undefined);
  const document = read ?? embeddedDefault(tables);
  const warnings: string[] = [];
  const { keys, unknown } = checkKeys(TOP_SCHEMA, splitDocument(document, tables), '', options.env ?? process.env);
  warnUnknown(unknown, tables, warnings);
  const settings = agentSettings(keys, options.osHostname ?? hostname(), warnings);
  const sources = configureSources(document, tables, {
    freqSeconds: settings.freqSeconds,
    timeoutSeconds: keys.Timeout,
    jitterSeconds: keys.Jitter,
    globalTagCount: Object.keys(settings.tags).length,
  }, warnings);
  const config: AgentConfig = { ...(read !== undefined && { file }), ...settings, sources };
  return { config, warnings };
}
