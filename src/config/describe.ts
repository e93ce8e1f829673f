/**
 * `--check`: the effective configuration as TOML a user can read and compare with their file — defaults filled in,
 * per-collector scheduling resolved, secrets masked.
 */
import { stringify } from 'smol-toml';
import type { AgentConfig, ConfiguredSource } from './agent.js';
import { MASK, maskUrl } from './mask.js';
import { SPOOL_DEFAULTS } from '../spool/spool.js';

type Table = Record<string, unknown>;

const seconds = (ms: number): number => ms / 1000;

/** TOML has no null; an unset key is simply left out. */
function withoutUnset(table: Table): Table {
  return Object.fromEntries(Object.entries(table)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => [key, typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date)
      ? withoutUnset(value as Table) : value]));
}

function topLevel(config: AgentConfig): Table {
  return {
    Host: config.sink.url === undefined ? '' : maskUrl(config.sink.url),
    Hostname: config.hostname,
    Sink: config.sink.kind,
    AccessToken: config.sink.accessToken === undefined ? '' : MASK,
    Gzip: config.sink.gzip,
    RequestTimeout: seconds(config.requestTimeoutMs),
    MaxSendRate: config.sink.maxPointsPerSecond,
    Freq: config.freqSeconds,
    FlushInterval: seconds(config.flushIntervalMs),
    BatchSize: config.batchSize,
    MaxQueueLen: config.maxQueueLen,
    DontSend: config.dontSend,
    DropMetrics: [...config.dropMetrics],
    BreakerFailures: config.breaker.failureThreshold,
    BreakerCooldown: seconds(config.breaker.cooldownMs),
    BreakerMaxCooldown: seconds(config.breaker.maxCooldownMs),
    BreakerRemoveAfter: config.breaker.removeAfter,
    RetryInitialDelay: seconds(config.retry.initialMs),
    RetryMaxDelay: seconds(config.retry.maxMs),
    MaxRetries: config.retry.maxRetries,
    LogLevel: config.logLevel,
    LogFormat: config.logFormat,
    StatusAddress: config.statusAddress ?? '',
    SpoolDir: config.spool?.dir ?? '',
    SpoolMaxBytes: config.spool?.maxBytes ?? SPOOL_DEFAULTS.maxBytes,
    SpoolSync: config.spool?.sync ?? SPOOL_DEFAULTS.sync,
    SpoolSyncInterval: seconds(config.spool?.syncIntervalMs ?? SPOOL_DEFAULTS.syncIntervalMs),
  };
}

function sourceTable(source: ConfiguredSource): string {
  // the effective scheduling and the cleaned tags replace what the table wrote
  const { Tags: _written, ...own } = source.settings;
  const keys = withoutUnset({
    ...own,
    Freq: source.intervalMs / 1000,
    Timeout: seconds(source.timeoutMs),
    Jitter: seconds(source.jitterMs),
    ...(Object.keys(source.tags).length > 0 && { Tags: source.tags }),
  });
  const many = source.path.endsWith(']');
  return `# collector ${source.name}\n${stringify({ [source.table]: many ? [keys] : keys })}`;
}

export function describeConfig(config: AgentConfig): string {
  const origin = config.file ?? 'the embedded default (no config file)';
  const parts = [
    `# rx-collector: effective configuration from ${origin}`,
    stringify(topLevel(config)),
    stringify({ Tags: config.tags }),
    ...config.sources.map(sourceTable),
  ];
  if (config.sources.length === 0) parts.push('# no collectors configured (only rx-collector\'s own metrics are sent)');
  return `${parts.map((part) => part.trimEnd()).join('\n\n')}\n`;
}
