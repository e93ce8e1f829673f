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
import { nearestName } from './nearest.js';
import { keepSelected, selectTables } from './select.js';
import { configureSources, unknownKeyWarnings } from './sources.js';
import type { RegisteredTable } from '../table.js';

export const DEFAULT_CONFIG_FILE = '/etc/rx-collector/rx-collector.toml';
/** Where rs-collector kept its file; read when ours is absent, so a host switching agents keeps its configuration. */
export const RS_COLLECTOR_CONFIG_FILE = '/etc/rs-collector.conf';
export const DEFAULT_CONFIG_FILES: readonly string[] = [DEFAULT_CONFIG_FILE, RS_COLLECTOR_CONFIG_FILE];

export interface LoadOptions {
  /** The file to read (TOML, or JSON by `.json`); it must exist. Unset: the first of `defaultFiles` that exists. */
  file?: string;
  /** Where `RX_COLLECTOR_…` overrides come from; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The machine name the host tag comes from when Hostname is unset; default os.hostname(). */
  osHostname?: string;
  /** The collector tables to accept: the registry's SOURCE_TABLES, plus any a program registers itself. */
  tables: readonly RegisteredTable[];
  /** Tried in order when `file` is unset; default DEFAULT_CONFIG_FILES. When none exists, the embedded default applies. */
  defaultFiles?: readonly string[];
  /**
   * Run only these collectors (`--collector`): a table name (`Galera`, any case) or a collector name (`galera.db1`).
   * A table the file does not have runs with its defaults; a name that is neither is a ConfigError on `--collector`.
   */
  collectors?: readonly string[];
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

function looksLikeTable(value: unknown): boolean {
  const isTable = (item: unknown): boolean => typeof item === 'object' && item !== null && !Array.isArray(item)
    && !(item instanceof Date);
  return isTable(value) || (Array.isArray(value) && value.length > 0 && value.every(isTable));
}

/** Unknown top-level keys and tables, each with the known name a misspelt one probably meant. */
function warnUnknown(document: RawTable, unknown: readonly string[], tables: readonly RegisteredTable[],
  warnings: string[]): void {
  const tableNames = [...tables.map((table) => table.table), 'Tags'];
  const keys = Object.keys(TOP_SCHEMA).filter((key) => key !== 'Tags');
  for (const key of unknown) {
    if (RS_COLLECTOR_TABLES.includes(key)) {
      warnings.push(`\`[${key}]\`: is not supported by this build (ignored)`);
    } else if (looksLikeTable(document[key])) {
      const meant = nearestName(key, tableNames);
      warnings.push(`\`[${key}]\`: unknown table (ignored)${meant === undefined ? '' : `; did you mean \`[${meant}]\`?`}`);
    } else {
      warnings.push(...unknownKeyWarnings('', [key], keys));
    }
  }
}

/** The first default file that exists, parsed; undefined when there is none. */
function readDefault(files: readonly string[]): { file: string; document: RawTable } | undefined {
  for (const file of files) {
    const document = readDocument(file, false);
    if (document !== undefined) return { file, document };
  }
  return undefined;
}

/** Reads, checks and resolves the configuration. Throws ConfigError (one line, naming the key) on bad input. */
export function loadConfig(options: LoadOptions): LoadedConfig {
  const { tables } = options;
  const read = options.file !== undefined
    ? { file: options.file, document: readDocument(options.file, true) ?? {} }
    : readDefault(options.defaultFiles ?? DEFAULT_CONFIG_FILES);
  const whole = read?.document ?? embeddedDefault(tables);
  const selection = options.collectors === undefined ? undefined : selectTables(whole, options.collectors, tables);
  const document = selection?.document ?? whole;
  const warnings: string[] = [];
  const { keys, unknown } = checkKeys(TOP_SCHEMA, splitDocument(document, tables), '', options.env ?? process.env);
  warnUnknown(document, unknown, tables, warnings);
  const settings = agentSettings(keys, options.osHostname ?? hostname(), warnings);
  const sources = configureSources(document, tables, {
    freqSeconds: settings.freqSeconds,
    timeoutSeconds: keys.Timeout,
    jitterSeconds: keys.Jitter,
    globalTagCount: Object.keys(settings.tags).length,
  }, warnings);
  const config: AgentConfig = { ...(read !== undefined && { file: read.file }), ...settings, sources: keepSelected(sources, selection) };
  return { config, warnings };
}
