/** `[[Jvm]]` as rs-collector reads it: one table per kind of JVM, `Command` a regex and `Name` the `jvm_name` tag. */
import { ConfigError, type SourceTable } from '../../table.js';
import type { JvmOptions } from './index.js';
import { METRICS } from './metrics.js';
import { rustRegex } from './rustRegex.js';

export interface JvmKeys {
  Command: string;
  /** Declared by the config loader for every `[[...]]` table; here it is the `jvm_name` tag value. */
  Name?: string;
}

export const jvmTable: SourceTable<JvmKeys, JvmOptions> = {
  table: 'Jvm',
  summary: 'Heap and garbage collection figures of matching JVMs (jps, jstat -gc).',
  metrics: METRICS,
  many: true,
  schema: {
    Command: {
      doc: 'Regular expression (Rust syntax, as rs-collector: flags at the start such as (?i) work) matched against each'
        + ' JVM\'s main class and its `jps -vl` command line. A JVM an earlier [[Jvm]] table matches is reported by that one only.',
      format: String,
      default: '',
    },
  },
  toOptions(keys, path, earlier = []) {
    if (keys.Command === '') throw new ConfigError(`${path}.Command`, 'a regular expression is required');
    try {
      rustRegex(keys.Command);
    } catch (error) {
      throw new ConfigError(`${path}.Command`, `${JSON.stringify(keys.Command)} is not a valid regular expression (${(error as Error).message})`);
    }
    const name = keys.Name ?? '';
    if (name.trim() === '') throw new ConfigError(`${path}.Name`, 'a name is required: it becomes the jvm_name tag');
    const claimedBy = earlier.map((table) => table.Command);
    return { name, command: keys.Command, ...(claimedBy.length > 0 ? { claimedBy } : {}) };
  },
  load: async () => (await import('./index.js')).createJvmSource,
};
