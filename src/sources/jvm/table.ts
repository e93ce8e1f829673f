/** `[[Jvm]]` as rs-collector reads it: one table per kind of JVM, `Command` a regex and `Name` the `jvm_name` tag. */
import { ConfigError, type SourceTable } from '../../table.js';
import { createJvmSource, type JvmOptions, METRICS } from './index.js';
import { regexKey } from '../../keyChecks.js';

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
      doc: 'Regular expression matched against each JVM\'s main class and its `jps -vl` command line.',
      format: String,
      default: '',
    },
  },
  toOptions(keys, path) {
    if (keys.Command === '') throw new ConfigError(`${path}.Command`, 'a regular expression is required');
    regexKey(keys.Command, `${path}.Command`);
    const name = keys.Name ?? '';
    if (name.trim() === '') throw new ConfigError(`${path}.Name`, 'a name is required: it becomes the jvm_name tag');
    return { name, command: keys.Command };
  },
  create: (options, context) => createJvmSource(options, context),
};
