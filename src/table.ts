/**
 * How a collector's TOML table is declared. Each collector has one such declaration in src/sources/<name>/table.ts and
 * one line in src/sources/registry.ts; the config loader handles everything common (single [Table] or [[Table]]
 * array, the per-table scheduling keys Freq/Timeout/Jitter/Tags, unknown-key warnings, error messages naming the key).
 */
import type convict from 'convict';
import type { MetricMeta } from './datum.js';
import { deferredSource } from './deferredSource.js';
import type { Source, SourceContext } from './source.js';

/** A bad configuration value: one line for the user, naming the key, the value and what is expected. */
export class ConfigError extends Error {
  constructor(readonly key: string, message: string) {
    super(`config: ${key}: ${message}`);
    this.name = 'ConfigError';
  }
}

export interface SourceTable<Keys, Options> {
  /** The TOML table name exactly as rs-collector spells it: `Galera`, `Mongo`, `HasIpAddr`. */
  readonly table: string;
  /** Whether `[[Table]]` (several instances) is accepted; a single `[Table]` is always accepted. */
  readonly many: boolean;
  /** Whether the embedded default (no config file, no Host) runs this source with an empty table. */
  readonly onByDefault?: boolean;
  /** What the collector reads, in a few words (`--list`, the README's collectors table). */
  readonly summary: string;
  /** Every metric the collector may send (its METRICS table): metadata, the README and the contract test use it. */
  readonly metrics: readonly MetricMeta[];
  /** convict schema of the table's own keys, PascalCase as in rs-collector, each with a `doc` and a `default`. */
  readonly schema: convict.Schema<Keys>;
  /**
   * Turns one validated table into the factory's options. `path` is the table's place in the file (`Galera[1]`) for
   * error messages; cross-key problems throw ConfigError naming the key. A file or program that is not there throws
   * MissingResourceError (src/keyChecks.ts): the collector then fails alone and is retried until it is there; so check
   * every key before reading a file. `earlier`: the validated keys of the tables of this kind before this one in the
   * file (`[[Jvm]]`: the first table that matches a JVM reports it); none for the first.
   */
  toOptions(keys: Keys, path: string, earlier?: readonly Keys[]): Options;
  /**
   * Loads the collector's implementation and returns its factory: `async () => (await import('./index.js')).createX`.
   * It is called at the first reading of a configured table, so a collector that is not configured costs nothing, and
   * the table's module imports only light ones (its metric table, its defaults, shared checks).
   */
  load(): Promise<SourceFactory<Options>>;
}

/** Makes the source of one table from its options. */
export type SourceFactory<Options> = (options: Options, context: SourceContext) => Source;

/** A table declaration with its key and option types erased, so the registry can hold all of them in one list. */
export interface RegisteredTable {
  readonly table: string;
  readonly many: boolean;
  readonly onByDefault: boolean;
  readonly summary: string;
  readonly metrics: readonly MetricMeta[];
  readonly schema: convict.Schema<unknown>;
  /**
   * Validated keys of one table → a factory for its source (options are checked here, at load time; the collector's
   * module is loaded at its first reading). `earlier`: the validated keys of the same table's instances before it in
   * the file.
   */
  prepare(keys: unknown, path: string, earlier?: readonly unknown[]): (context: SourceContext) => Source;
}

/**
 * Erases a declaration's types for the registry. A program that embeds the agent may register a collector of its own
 * the same way and pass `[...SOURCE_TABLES, registerTable(itsTable)]` as the tables to `loadConfig`.
 */
export function registerTable<Keys, Options>(declaration: SourceTable<Keys, Options>): RegisteredTable {
  return {
    table: declaration.table,
    many: declaration.many,
    onByDefault: declaration.onByDefault ?? false,
    summary: declaration.summary,
    metrics: declaration.metrics,
    schema: declaration.schema,
    prepare(keys, path, earlier = []) {
      const options = declaration.toOptions(keys as Keys, path, earlier as readonly Keys[]);
      return (context) => deferredSource(declaration.table.toLowerCase(), declaration.metrics,
        async () => (await declaration.load())(options, context));
    },
  };
}
