/**
 * The keys of the config file itself: the top-level keys (scollector's and rs-collector's names, plus ours) and the
 * keys the loader adds to every collector table. Written once; the example config and `--check` come from here.
 */
import type convict from 'convict';
import { COUNT, NAMES, POSITIVE_COUNT, POSITIVE_SECONDS, SECONDS, SWITCH, SWITCH_OR_NAMES, oneOf } from '../formats.js';
import { SPOOL_DEFAULTS, SPOOL_SYNC_MODES } from '../spool/spool.js';
import { CIRCUIT_BREAKER_DEFAULTS } from '../operators/circuitBreaker.js';
import { RETRY_BACKOFF_DEFAULTS } from '../operators/retryBackoff.js';

export const SINK_KINDS = ['bosun', 'opentsdb', 'stdout'] as const;
export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error'] as const;
export const LOG_FORMATS = ['auto', 'json', 'text'] as const;

export interface TopKeys {
  Host: string;
  Hostname: string;
  FullHost: boolean;
  Sink: string;
  AccessToken: string;
  HostCaCert: string;
  TlsInsecure: boolean;
  Gzip: boolean;
  RequestTimeout: number;
  MaxSendRate: number;
  Freq: number;
  Timeout: number | null;
  Jitter: number | null;
  FlushInterval: number;
  BatchSize: number;
  MaxQueueLen: number;
  DontSend: boolean | string[];
  DropMetrics: string[];
  BreakerFailures: number;
  BreakerCooldown: number;
  BreakerMaxCooldown: number;
  BreakerRemoveAfter: number;
  RetryInitialDelay: number;
  RetryMaxDelay: number;
  MaxRetries: number;
  LogLevel: string;
  LogFormat: string;
  StatusAddress: string;
  SpoolDir: string;
  SpoolMaxBytes: number;
  SpoolSync: string;
  SpoolSyncInterval: number;
  Tags: Record<string, string>;
}

/** `BatchSize` → `RX_COLLECTOR_BATCH_SIZE`. */
export function envName(key: string): string {
  return `RX_COLLECTOR_${key.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()}`;
}

/** Tags is a table, so it cannot come from one environment string; every other top-level key can. */
const NO_ENV = new Set(['Tags']);

const TOP_KEYS: convict.Schema<TopKeys> = {
  Host: {
    doc: 'Where datapoints go: host:port, or an http(s) URL, optionally with user:password@. Empty: print to stdout.',
    format: String,
    default: '',
  },
  Hostname: {
    doc: 'The host tag. Empty: the machine name, lower-cased and cut at the first dot (see FullHost).',
    format: String,
    default: '',
  },
  FullHost: {
    doc: 'Keep the whole machine name (with its domain) as the host tag when Hostname is empty.',
    format: SWITCH,
    default: false,
  },
  Sink: {
    doc: 'How datapoints are sent: bosun (/api/put and metadata), opentsdb (/api/put only) or stdout. '
      + 'auto: bosun when Host is set, else stdout.',
    format: oneOf(['auto', ...SINK_KINDS]),
    default: 'auto',
  },
  AccessToken: {
    doc: 'Sent in the X-Access-Token header to Host (Bosun behind an authenticating proxy). Empty: none.',
    format: String,
    default: '',
    sensitive: true,
  },
  HostCaCert: {
    doc: 'PEM file of a CA (an internal one) that an https Host\'s certificate may chain to, trusted besides the system '
      + 'store (/etc/ssl/certs/ca-certificates.crt). Empty: the system store only.',
    format: String,
    default: '',
  },
  TlsInsecure: {
    doc: 'Do not verify an https Host\'s certificate or name. Only for testing; never in production.',
    format: SWITCH,
    default: false,
  },
  Gzip: {
    doc: 'Compress request bodies with gzip.',
    format: SWITCH,
    default: true,
  },
  RequestTimeout: {
    doc: 'Seconds one request to Host may take, connecting included, before it is abandoned and retried. A slow '
      + 'receiver that answers within it is waited for, so it never gets the same batch twice.',
    format: POSITIVE_SECONDS,
    default: 30,
  },
  MaxSendRate: {
    doc: 'Most datapoints sent per second (requests are paced; the queue holds the rest), so a fleet catching up after an outage does not flood the receiver. 0: no cap.',
    format: COUNT,
    default: 0,
  },
  Freq: {
    doc: 'Seconds between two readings of a collector (each table may set its own Freq). Timestamps are whole seconds: '
      + 'below 1, a series still sends one datapoint a second (the rest are counted as discarded, reason same_second).',
    format: POSITIVE_SECONDS,
    default: 15,
  },
  Timeout: {
    doc: 'Seconds a reading may take before it is cancelled and counted as failed. Unset: Freq.',
    format: POSITIVE_SECONDS,
    nullable: true,
    default: null,
  },
  Jitter: {
    doc: 'Seconds within which the first reading of each collector starts, at random, so a fleet does not poll in step. '
      + 'The offset is drawn once per agent, as a share of each Jitter: collectors with the same Freq and Jitter read '
      + 'together, and the agent wakes once for them. Unset: Freq.',
    format: SECONDS,
    nullable: true,
    default: null,
  },
  FlushInterval: {
    doc: 'Seconds datapoints may wait before a batch is sent (a full batch is sent at once).',
    format: POSITIVE_SECONDS,
    default: 5,
  },
  BatchSize: {
    doc: 'Most datapoints sent in one request.',
    format: POSITIVE_COUNT,
    default: 500,
  },
  MaxQueueLen: {
    doc: 'Most datapoints held in memory while Host cannot be reached; beyond it the oldest are dropped and counted.',
    format: POSITIVE_COUNT,
    default: 200000,
  },
  DontSend: {
    doc: 'rs-collector\'s "collect but do not transmit": true prints the datapoints to stdout and sends nothing to Host. '
      + '(A list here is read as DropMetrics, for files written before DropMetrics existed.)',
    format: SWITCH_OR_NAMES,
    default: false,
  },
  DropMetrics: {
    doc: 'Metric names never sent; a trailing * matches every name with that prefix.',
    format: NAMES,
    default: [],
  },
  BreakerFailures: {
    doc: 'Consecutive failed readings after which a collector is paused (its circuit opens).',
    format: POSITIVE_COUNT,
    default: CIRCUIT_BREAKER_DEFAULTS.failureThreshold,
  },
  BreakerCooldown: {
    doc: 'Seconds a paused collector waits before one trial reading; the pause doubles after each failed trial.',
    format: POSITIVE_SECONDS,
    default: CIRCUIT_BREAKER_DEFAULTS.cooldownMs / 1000,
  },
  BreakerMaxCooldown: {
    doc: 'Longest pause in seconds between trial readings of a failing collector.',
    format: POSITIVE_SECONDS,
    default: (CIRCUIT_BREAKER_DEFAULTS.cooldownMs * CIRCUIT_BREAKER_DEFAULTS.maxCooldownFactor) / 1000,
  },
  BreakerRemoveAfter: {
    doc: 'Consecutive failed readings after which a collector is removed for good (logged and counted). 0: never.',
    format: COUNT,
    default: CIRCUIT_BREAKER_DEFAULTS.removeAfter,
  },
  RetryInitialDelay: {
    doc: 'Seconds before the first retry of a failed reading; later retries wait longer (exponential, with jitter).',
    format: POSITIVE_SECONDS,
    default: RETRY_BACKOFF_DEFAULTS.initialMs / 1000,
  },
  RetryMaxDelay: {
    doc: 'Longest wait in seconds between retries of a failed reading.',
    format: POSITIVE_SECONDS,
    default: RETRY_BACKOFF_DEFAULTS.maxMs / 1000,
  },
  MaxRetries: {
    doc: 'Retries of a failed reading before the next regular reading (0: no retries).',
    format: COUNT,
    default: RETRY_BACKOFF_DEFAULTS.maxRetries,
  },
  LogLevel: {
    doc: 'Least severe log level written: trace, debug, info, warn or error.',
    format: oneOf(LOG_LEVELS),
    default: 'info',
  },
  LogFormat: {
    doc: 'How log lines look: json (one JSON object a line), text (for people) or auto (text when stderr is a terminal, '
      + 'else json).',
    format: oneOf(LOG_FORMATS),
    default: 'auto',
  },
  StatusAddress: {
    doc: 'host:port of an HTTP health endpoint (/status). Empty: off.',
    format: String,
    default: '',
  },
  SpoolDir: {
    doc: 'Directory of the write-ahead disk buffer: every batch is written there before it is sent and removed once '
      + 'Host acknowledged it, so a crash, kill -9 or OOM kill loses at most the last FlushInterval; after a restart '
      + 'what was not acknowledged is sent first, oldest first. Created when missing. Empty: off (datapoints wait in '
      + 'memory, up to MaxQueueLen).',
    format: String,
    default: '',
  },
  SpoolMaxBytes: {
    doc: 'Most bytes the spool may hold; beyond it the oldest datapoints are dropped and counted.',
    format: POSITIVE_COUNT,
    default: SPOOL_DEFAULTS.maxBytes,
  },
  SpoolSync: {
    doc: 'When the spool is forced to disk (what survives a power loss; a crash or kill -9 loses nothing either way): '
      + 'batch (after every batch and acknowledgement; the slowest), interval (every SpoolSyncInterval: a power loss '
      + 'loses at most that), never (when the kernel writes back, ~30 s). Measured costs: docs/spool.md.',
    format: oneOf(SPOOL_SYNC_MODES),
    default: SPOOL_DEFAULTS.sync,
  },
  SpoolSyncInterval: {
    doc: 'Seconds between two syncs of the spool when SpoolSync is interval.',
    format: POSITIVE_SECONDS,
    default: SPOOL_DEFAULTS.syncIntervalMs / 1000,
  },
  Tags: {
    doc: 'Tags added to every datapoint. A host tag here sets the host tag (as in rs-collector), ahead of Hostname.',
    format: Object,
    default: {},
  },
};

/** The top-level schema with an environment variable for every key that can take one. */
export const TOP_SCHEMA: convict.Schema<TopKeys> = Object.fromEntries(
  Object.entries(TOP_KEYS).map(([key, entry]) =>
    [key, NO_ENV.has(key) ? entry : { ...(entry as convict.SchemaObj), env: envName(key) }]),
) as convict.Schema<TopKeys>;

/** Keys the loader adds to every collector table; unset scheduling keys fall back to the top-level ones. */
export interface CommonKeys {
  Freq: number | null;
  Timeout: number | null;
  Jitter: number | null;
  Tags: Record<string, string>;
}

export const COMMON_SCHEMA: convict.Schema<CommonKeys> = {
  Freq: {
    doc: 'Seconds between two readings of this collector. Unset: the top-level Freq.',
    format: POSITIVE_SECONDS,
    nullable: true,
    default: null,
  },
  Timeout: {
    doc: 'Seconds a reading may take. Unset: the top-level Timeout, else this table\'s Freq.',
    format: POSITIVE_SECONDS,
    nullable: true,
    default: null,
  },
  Jitter: {
    doc: 'Seconds within which the first reading starts. Unset: the top-level Jitter, else this table\'s Freq.',
    format: SECONDS,
    nullable: true,
    default: null,
  },
  Tags: {
    doc: 'Tags added to this collector\'s datapoints; the top-level Tags win on conflict.',
    format: Object,
    default: {},
  },
};

/** Added to tables that may appear several times (`[[Galera]]`): tells the instances apart. */
export const NAME_SCHEMA: convict.Schema<{ Name: string }> = {
  Name: {
    doc: 'Tells several instances apart: the collector is named <table>.<Name>. Empty: <table>.',
    format: String,
    default: '',
  },
};
