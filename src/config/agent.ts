/**
 * What the pipeline and the CLI get: the agent's settings, checked and in the units the code uses (milliseconds,
 * plain counts), with every collector ready to be created.
 */
import { MAX_TAGS, cleanName, isValidName } from '../datum.js';
import { EndpointError, parseEndpoint } from '../endpoint.js';
import type { PipelineSource } from '../source.js';
import { showValue } from './keys.js';
import { maskUrl } from './mask.js';
import type { LOG_LEVELS, SINK_KINDS, TopKeys } from './schema.js';
import { checkTags } from './tags.js';
import { ConfigError } from '../table.js';
import { spoolDirProblem } from '../spool/checkDir.js';
import type { SpoolSync } from '../spool/spool.js';

export type SinkKind = (typeof SINK_KINDS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface AgentConfig {
  /** The file read; undefined when the embedded default was used. */
  file?: string;
  /** The host tag on every datapoint. */
  hostname: string;
  /** Global tags (host not included), valid OpenTSDB names; they win over a collector's own tags. */
  tags: Record<string, string>;
  /** `url` is Host exactly as given (host:port or URL, possibly with user:password@); the sink parses it. */
  sink: { kind: SinkKind; url?: string; accessToken?: string; gzip: boolean; maxPointsPerSecond: number };
  /** Deadline of one request to the receiver. */
  requestTimeoutMs: number;
  freqSeconds: number;
  /** How long a datapoint may wait before its batch is sent. */
  flushIntervalMs: number;
  /** Most datapoints per request. */
  batchSize: number;
  /** Most datapoints held in memory; beyond it the oldest are dropped and counted. */
  maxQueueLen: number;
  /** Metric names never sent; an entry ending in `*` is a prefix. */
  dontSend: readonly string[];
  /** `removeAfter` counts consecutive failed readings; 0 means a collector is never removed. */
  breaker: { failureThreshold: number; cooldownMs: number; maxCooldownMs: number; removeAfter: number };
  /** Between failed readings of a source; `maxRetries` 0 means wait for the next regular reading. */
  retry: { initialMs: number; maxMs: number; maxRetries: number };
  logLevel: LogLevel;
  /** host:port of the health endpoint; undefined: off. */
  statusAddress?: string;
  /** The write-ahead disk buffer; undefined: off. */
  spool?: { dir: string; maxBytes: number; sync: SpoolSync; syncIntervalMs: number };
  sources: readonly ConfiguredSource[];
}

/**
 * One collector table of the file, ready to run: the pipeline's source (its `name` is the collector tag value, the
 * table lower-cased plus `.` + Name when given, `galera.db1`) with where it came from.
 */
export interface ConfiguredSource extends PipelineSource {
  /** The TOML table: `Galera`. */
  table: string;
  /** Where it sits in the file, for messages: `Galera` or `Galera[1]` (arrays count from 0). */
  path: string;
  /** The table's own Tags. */
  tags: Record<string, string>;
  /** The table's validated keys as `--check` shows them: secrets masked. */
  settings: Readonly<Record<string, unknown>>;
  /** Changes whenever anything of the table changes, secrets included (hashed): the pipeline's key on reload. */
  key: string;
}

export const toMs = (seconds: number): number => Math.round(seconds * 1000);

/** The host tag: Hostname as given, else the machine name lower-cased and, unless FullHost, cut at the first dot. */
function hostTag(keys: TopKeys, osHostname: string): string {
  if (keys.Hostname !== '') {
    if (!isValidName(keys.Hostname)) {
      throw new ConfigError('Hostname', `must be letters, digits or -_./ (got ${showValue(keys.Hostname)})`);
    }
    return keys.Hostname;
  }
  const name = osHostname.toLowerCase();
  const host = cleanName(keys.FullHost ? name : name.split('.')[0] ?? name);
  if (host === '') throw new ConfigError('Hostname', `the machine name ${showValue(osHostname)} cannot be a tag; set Hostname`);
  return host;
}

/** The sink's own parser decides, so every Host that passes here is one the sink can use. */
function checkHost(host: string): void {
  try {
    parseEndpoint(host);
  } catch (error) {
    const shown = showValue(maskUrl(host));
    if (error instanceof EndpointError && error.problem === 'query') {
      throw new ConfigError('Host', `must not have a query string or fragment (got ${shown})`);
    }
    throw new ConfigError('Host', `must be host:port or an http(s) URL (got ${shown})`);
  }
}

function sinkKind(keys: TopKeys, warnings: string[]): SinkKind {
  const kind = keys.Sink === 'auto' ? (keys.Host === '' ? 'stdout' : 'bosun') : keys.Sink as SinkKind;
  if (kind !== 'stdout' && keys.Host === '') throw new ConfigError('Host', `is needed when Sink is ${kind}`);
  if (keys.Host !== '') checkHost(keys.Host);
  if (kind === 'stdout' && keys.Host !== '') warnings.push('Host: not used, Sink is stdout');
  return kind;
}

function checkDontSend(patterns: readonly string[]): void {
  patterns.forEach((pattern, index) => {
    const stem = pattern.endsWith('*') ? pattern.slice(0, -1) : pattern;
    if (!isValidName(stem)) {
      throw new ConfigError(`DontSend[${index}]`,
        `must be a metric name, or a prefix ending in * (got ${showValue(pattern)})`);
    }
  });
}

function checkStatusAddress(address: string): string | undefined {
  if (address === '') return undefined;
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]\s]*):(\d{1,5})$/.exec(address);
  if (match === null || Number(match[2]) > 65535) {
    throw new ConfigError('StatusAddress', `must be host:port, [ipv6]:port or :port (got ${showValue(address)})`);
  }
  return address;
}

function checkOrder(lowKey: string, low: number, highKey: string, high: number): void {
  if (low > high) throw new ConfigError(lowKey, `must not be more than ${highKey} (${high}) (got ${low})`);
}

/** The agent's settings from the checked top-level keys; `sources` are added by the loader. */
export function agentSettings(keys: TopKeys, osHostname: string, warnings: string[]):
  Omit<AgentConfig, 'sources' | 'file'> {
  checkDontSend(keys.DontSend);
  checkOrder('BatchSize', keys.BatchSize, 'MaxQueueLen', keys.MaxQueueLen);
  checkOrder('RetryInitialDelay', keys.RetryInitialDelay, 'RetryMaxDelay', keys.RetryMaxDelay);
  checkOrder('BreakerCooldown', keys.BreakerCooldown, 'BreakerMaxCooldown', keys.BreakerMaxCooldown);
  const statusAddress = checkStatusAddress(keys.StatusAddress);
  const kind = sinkKind(keys, warnings);
  return {
    hostname: hostTag(keys, osHostname),
    tags: checkTags(keys.Tags, 'Tags', MAX_TAGS - 1, warnings),
    sink: {
      kind,
      ...(keys.Host !== '' && { url: keys.Host }),
      ...(keys.AccessToken !== '' && { accessToken: keys.AccessToken }),
      gzip: keys.Gzip,
      maxPointsPerSecond: keys.MaxSendRate,
    },
    requestTimeoutMs: toMs(keys.RequestTimeout),
    freqSeconds: keys.Freq,
    flushIntervalMs: toMs(keys.FlushInterval),
    batchSize: keys.BatchSize,
    maxQueueLen: keys.MaxQueueLen,
    dontSend: keys.DontSend,
    breaker: {
      failureThreshold: keys.BreakerFailures,
      cooldownMs: toMs(keys.BreakerCooldown),
      maxCooldownMs: toMs(keys.BreakerMaxCooldown),
      removeAfter: keys.BreakerRemoveAfter,
    },
    retry: { initialMs: toMs(keys.RetryInitialDelay), maxMs: toMs(keys.RetryMaxDelay), maxRetries: keys.MaxRetries },
    logLevel: keys.LogLevel as LogLevel,
    ...(statusAddress !== undefined && { statusAddress }),
    ...(keys.SpoolDir !== '' && { spool: {
      dir: checkSpoolDir(keys.SpoolDir),
      maxBytes: keys.SpoolMaxBytes,
      sync: keys.SpoolSync as SpoolSync,
      syncIntervalMs: toMs(keys.SpoolSyncInterval),
    } }),
  };
}

function checkAbsolute(key: string, path: string): string {
  if (!path.startsWith('/')) throw new ConfigError(key, `must be an absolute path (got ${showValue(path)})`);
  return path;
}

/** Checked at --check and at start alike, before anything is written: a spool that cannot work is a config error. */
function checkSpoolDir(path: string): string {
  const problem = spoolDirProblem(checkAbsolute('SpoolDir', path));
  if (problem !== undefined) throw new ConfigError('SpoolDir', `${problem} (got ${showValue(path)})`);
  return path;
}
