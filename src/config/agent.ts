/**
 * What the pipeline and the CLI get: the agent's settings, checked and in the units the code uses (milliseconds,
 * plain counts), with every collector ready to be created.
 */
import { MAX_TAGS, cleanName, isValidName } from '../datum.js';
import { EndpointError, parseEndpoint } from '../endpoint.js';
import type { PipelineSource } from '../source.js';
import { showValue } from './keys.js';
import { maskUrl } from './mask.js';
import type { LOG_FORMATS, LOG_LEVELS, SINK_KINDS, TopKeys } from './schema.js';
import { checkTags, globalHostTag } from './tags.js';
import { absolutePath, fileText, MissingResourceError } from '../keyChecks.js';
import { ConfigError } from '../table.js';
import { spoolDirProblem } from '../spool/checkDir.js';
import type { SpoolSync } from '../spool/spool.js';

export type SinkKind = (typeof SINK_KINDS)[number];
export type LogLevel = (typeof LOG_LEVELS)[number];
export type LogFormat = (typeof LOG_FORMATS)[number];

export interface AgentConfig {
  /** The file read; undefined when the embedded default was used. */
  file?: string;
  /** The host tag on every datapoint. */
  hostname: string;
  /** Global tags (host not included), valid OpenTSDB names; they win over a collector's own tags. */
  tags: Record<string, string>;
  /** `url` is Host exactly as given (host:port or URL, possibly with user:password@); the sink parses it. */
  sink: {
    kind: SinkKind;
    url?: string;
    accessToken?: string;
    gzip: boolean;
    maxPointsPerSecond: number;
    /** How an https Host is verified: the system CA store plus `caFile`; `insecure` not at all (testing only). Unset: the store. */
    tls?: { caFile?: string; insecure: boolean };
  };
  /** Deadline of one request to the receiver. */
  requestTimeoutMs: number;
  freqSeconds: number;
  /** The top-level Jitter (unset: Freq): within how long after start the agent's own source first reads. */
  jitterMs: number;
  /** How long a datapoint may wait before its batch is sent. */
  flushIntervalMs: number;
  /** Most datapoints per request. */
  batchSize: number;
  /** Most datapoints held in memory; beyond it the oldest are dropped and counted. */
  maxQueueLen: number;
  /** rs-collector's DontSend = true: collect and print, send nothing to Host (the sink is then stdout). */
  dontSend: boolean;
  /** Metric names never sent (DropMetrics, and a list under DontSend); an entry ending in `*` is a prefix. */
  dropMetrics: readonly string[];
  /** `removeAfter` counts consecutive failed readings; 0 means a collector is never removed. */
  breaker: { failureThreshold: number; cooldownMs: number; maxCooldownMs: number; removeAfter: number };
  /** Between failed readings of a source; `maxRetries` 0 means wait for the next regular reading. */
  retry: { initialMs: number; maxMs: number; maxRetries: number };
  logLevel: LogLevel;
  logFormat: LogFormat;
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

/**
 * The host tag: the global `[Tags] host` (rs-collector's override), else Hostname as given, else the machine name
 * lower-cased and, unless FullHost, cut at the first dot.
 */
function hostTag(keys: TopKeys, osHostname: string, tagsHost: string | undefined): string {
  // No warning when both are set: every rs-collector file has a Hostname (it was required), so this is its normal use.
  if (tagsHost !== undefined) return tagsHost;
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

/** DontSend = true is rs-collector's debugging switch: Host stays checked (the file is meant for it) but unused. */
function sinkKind(keys: TopKeys, dontSend: boolean, warnings: string[]): SinkKind {
  const kind = keys.Sink === 'auto' ? (keys.Host === '' ? 'stdout' : 'bosun') : keys.Sink as SinkKind;
  if (kind !== 'stdout' && keys.Host === '') throw new ConfigError('Host', `is needed when Sink is ${kind}`);
  if (keys.Host !== '') checkHost(keys.Host);
  if (dontSend) return 'stdout';
  if (kind === 'stdout' && keys.Host !== '') warnings.push('Host: not used, Sink is stdout');
  return kind;
}

function checkMetricPatterns(key: string, patterns: readonly string[]): void {
  patterns.forEach((pattern, index) => {
    const stem = pattern.endsWith('*') ? pattern.slice(0, -1) : pattern;
    if (!isValidName(stem)) {
      throw new ConfigError(`${key}[${index}]`, `must be a metric name, or a prefix ending in * (got ${showValue(pattern)})`);
    }
  });
}

/** DontSend is a switch in rs-collector's files; a list there is this agent's older spelling of DropMetrics. */
function splitDontSend(keys: TopKeys): { dontSend: boolean; dropMetrics: string[] } {
  checkMetricPatterns('DropMetrics', keys.DropMetrics);
  if (typeof keys.DontSend === 'boolean') return { dontSend: keys.DontSend, dropMetrics: keys.DropMetrics };
  checkMetricPatterns('DontSend', keys.DontSend);
  return { dontSend: false, dropMetrics: [...new Set([...keys.DropMetrics, ...keys.DontSend])] };
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
  const { dontSend, dropMetrics } = splitDontSend(keys);
  checkOrder('BatchSize', keys.BatchSize, 'MaxQueueLen', keys.MaxQueueLen);
  checkOrder('RetryInitialDelay', keys.RetryInitialDelay, 'RetryMaxDelay', keys.RetryMaxDelay);
  checkOrder('BreakerCooldown', keys.BreakerCooldown, 'BreakerMaxCooldown', keys.BreakerMaxCooldown);
  const statusAddress = checkStatusAddress(keys.StatusAddress);
  const kind = sinkKind(keys, dontSend, warnings);
  const globalTags = globalHostTag(keys.Tags);
  return {
    hostname: hostTag(keys, osHostname, globalTags.host),
    tags: checkTags(globalTags.tags, 'Tags', MAX_TAGS - 1, warnings),
    sink: {
      kind,
      ...(keys.Host !== '' && { url: keys.Host }),
      ...(keys.AccessToken !== '' && { accessToken: keys.AccessToken }),
      gzip: keys.Gzip,
      maxPointsPerSecond: keys.MaxSendRate,
      ...hostTls(keys, warnings),
    },
    requestTimeoutMs: toMs(keys.RequestTimeout),
    freqSeconds: keys.Freq,
    jitterMs: toMs(keys.Jitter ?? keys.Freq),
    flushIntervalMs: toMs(keys.FlushInterval),
    batchSize: keys.BatchSize,
    maxQueueLen: keys.MaxQueueLen,
    dontSend,
    dropMetrics,
    breaker: {
      failureThreshold: keys.BreakerFailures,
      cooldownMs: toMs(keys.BreakerCooldown),
      maxCooldownMs: toMs(keys.BreakerMaxCooldown),
      removeAfter: keys.BreakerRemoveAfter,
    },
    retry: { initialMs: toMs(keys.RetryInitialDelay), maxMs: toMs(keys.RetryMaxDelay), maxRetries: keys.MaxRetries },
    logLevel: keys.LogLevel as LogLevel,
    logFormat: keys.LogFormat as LogFormat,
    ...(statusAddress !== undefined && { statusAddress }),
    ...(keys.SpoolDir !== '' && { spool: {
      dir: checkSpoolDir(keys.SpoolDir),
      maxBytes: keys.SpoolMaxBytes,
      sync: keys.SpoolSync as SpoolSync,
      syncIntervalMs: toMs(keys.SpoolSyncInterval),
    } }),
  };
}

function hostTls(keys: TopKeys, warnings: string[]): Pick<AgentConfig['sink'], 'tls'> {
  if (keys.TlsInsecure) warnings.push('TlsInsecure = true: the certificate of Host is not verified (for testing only)');
  if (keys.HostCaCert === '') return keys.TlsInsecure ? { tls: { insecure: true } } : {};
  const file = absolutePath(keys.HostCaCert, 'HostCaCert');
  let text: string;
  try {
    text = fileText(file, 'HostCaCert');
  } catch (error) {
    // Not a collector that may fail alone: without its CA the sink cannot verify Host, so the agent does not start.
    if (error instanceof MissingResourceError) throw new ConfigError('HostCaCert', `${JSON.stringify(file)} ${error.reason}`);
    throw error;
  }
  if (!text.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError('HostCaCert', `${JSON.stringify(file)} holds no PEM certificate`);
  return { tls: { caFile: file, insecure: keys.TlsInsecure } };
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
