/**
 * `--collector NAME`: the collectors to run, by table (`netdev`, `Galera`, any case) or by the collector name of one
 * `[[Table]]` instance (`galera.db1`). A named table the file lacks runs with its defaults; "internal" is the agent's
 * own source, which the agent adds itself. A name that matches nothing is a ConfigError on `--collector`.
 */
import type { ConfiguredSource } from './agent.js';
import type { RawTable } from './document.js';
import { nearestName } from './nearest.js';
import { ConfigError, type RegisteredTable } from '../table.js';

export interface Selection {
  /** The document with only the selected tables (a selected table the file lacks is added empty). */
  document: RawTable;
  /** Tables selected whole, lower-cased. */
  tables: Set<string>;
  /** Single collectors selected by name (`galera.db1`), lower-cased. */
  instances: Set<string>;
}

/** `--collector` names: a table (any case) or one collector of a `[[Table]]`; anything else is a ConfigError. */
export function selectTables(document: RawTable, names: readonly string[], tables: readonly RegisteredTable[]): Selection {
  const selection: Selection = {
    document: Object.fromEntries(Object.entries(document).filter(([key]) => !tables.some((table) => table.table === key))),
    tables: new Set(),
    instances: new Set(),
  };
  for (const given of names) {
    const name = given.toLowerCase();
    if (name === 'internal') continue;
    const table = tables.find((candidate) => candidate.table.toLowerCase() === name)
      ?? tables.find((candidate) => name.startsWith(`${candidate.table.toLowerCase()}.`));
    if (table === undefined) {
      const meant = nearestName(given, [...tables.map((candidate) => candidate.table), 'internal']);
      throw new ConfigError('--collector', `no collector ${JSON.stringify(given)} in this build`
        + `${meant === undefined ? '' : `; did you mean ${meant}?`} (rx-collector --list shows them)`);
    }
    selection.document[table.table] = document[table.table] ?? {};
    (name === table.table.toLowerCase() ? selection.tables : selection.instances).add(name);
  }
  return selection;
}

export function keepSelected(sources: ConfiguredSource[], selection: Selection | undefined): ConfiguredSource[] {
  if (selection === undefined) return sources;
  const kept = sources.filter((source) =>
    selection.tables.has(source.table.toLowerCase()) || selection.instances.has(source.name));
  const found = new Set(kept.map((source) => source.name));
  const absent = [...selection.instances].find((name) => !found.has(name));
  if (absent !== undefined) {
    throw new ConfigError('--collector', `no collector ${JSON.stringify(absent)} in the configuration (names: `
      + `${sources.map((source) => source.name).join(', ')})`);
  }
  return kept;
}
