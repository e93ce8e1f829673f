/**
 * `[Postfix]`: rs-collector's empty table switches the source on with defaults; the keys below are rx-collector's own.
 */
import { executableFile } from '../../keyChecks.js';
import { ConfigError, type SourceTable } from '../../table.js';
import type { PostfixOptions } from './index.js';
import { POSTFIX_DEFAULTS } from './defaults.js';
import { METRICS } from './metrics.js';

export interface PostfixKeys {
  PostqueuePath: string;
  ConfigDirectory: string;
  LogFile: string;
  Collect: string[];
}

const PARTS = ['queues', 'statistics'] as const;

export const postfixTable: SourceTable<PostfixKeys, PostfixOptions> = {
  table: 'Postfix',
  summary: 'Postfix queue shape (postqueue -j) and mail statistics from the mail log.',
  metrics: METRICS,
  many: false,
  schema: {
    PostqueuePath: {
      doc: 'The postqueue binary (run as `postqueue [-c ConfigDirectory] -j`).',
      format: String,
      default: POSTFIX_DEFAULTS.postqueuePath,
    },
    ConfigDirectory: {
      doc: 'Postfix configuration directory, for a second instance; its main.cf names the queue_directory. Empty: Postfix\'s default (/etc/postfix).',
      format: String,
      default: POSTFIX_DEFAULTS.configDirectory,
    },
    LogFile: {
      doc: 'The mail log to follow for the statistics (Postfix\'s maillog_file or the syslog file). Rotation by rename or truncation is followed.',
      format: String,
      default: POSTFIX_DEFAULTS.logFile,
    },
    Collect: {
      doc: 'What to collect: "queues" (queue shape from postqueue -j) and/or "statistics" (counters from LogFile).',
      format: Array,
      default: [...PARTS],
    },
  },
  toOptions(keys, path) {
    const unknown = keys.Collect.filter((part) => !(PARTS as readonly string[]).includes(part));
    if (unknown.length > 0) throw new ConfigError(`${path}.Collect`, `unknown part(s) ${unknown.map((part) => JSON.stringify(part)).join(', ')}; expected ${PARTS.map((part) => `"${part}"`).join(' and/or ')}`);
    if (keys.Collect.length === 0) throw new ConfigError(`${path}.Collect`, 'nothing to collect; leave the key out for both parts');
    if (keys.PostqueuePath === '') throw new ConfigError(`${path}.PostqueuePath`, 'must not be empty');
    const statistics = keys.Collect.includes('statistics');
    if (statistics && keys.LogFile === '') throw new ConfigError(`${path}.LogFile`, 'must not be empty when Collect includes "statistics"');
    const queues = keys.Collect.includes('queues');
    return {
      // without postqueue there is no Postfix to read: the collector waits for it. A missing mail log only leaves the
      // statistics at 0 (the source follows the log once it appears, and says so), so it is not checked here.
      postqueuePath: queues ? executableFile(keys.PostqueuePath, `${path}.PostqueuePath`) : keys.PostqueuePath,
      configDirectory: keys.ConfigDirectory,
      logFile: keys.LogFile,
      queues,
      statistics,
    };
  },
  load: async () => (await import('./index.js')).createPostfixSource,
};

