/**
 * A sink for OpenTSDB-compatible stores (OpenTSDB, Bosun's relay, VictoriaMetrics, …): datapoints as gzip-compressed
 * JSON arrays to `<Host>/api/put`, with a bounded drop-oldest queue (or a write-ahead spool), ordered retries and
 * isolation of refused points (see delivery.ts). The Bosun sink is this plus metadata.
 */
import type { Datum } from '../datum.js';
import type { Logger } from '../log.js';
import { silentLogger } from '../source.js';
import { BACKOFF_DEFAULTS, OVERLOAD_BACKOFF_DEFAULTS, realSleep, type BackoffConfig, type Sleep } from '../backoff.js';
import { createDelivery, type Delivery } from './delivery.js';
import { parseEndpoint, type Endpoint } from '../endpoint.js';
import { memoryBatchQueue, spoolBatchQueue } from './batchQueue.js';
import type { Spool } from '../spool/spool.js';
import type { Sink } from './sink.js';
import type { TlsOptions } from './tls.js';
import { SinkTelemetry } from '../telemetry.js';
import { createTransport, type Transport } from './transport.js';

/** The types the options and parts below are made of, for library users (and the API documentation). */
export type { BackoffConfig, Delivery, Endpoint, Sleep, TlsOptions, Transport };
export type { PostAnswer } from './transport.js';
export type { Spool, SpoolBatch } from '../spool/spool.js';

export interface OpenTsdbSinkOptions {
  /** The configured `Host`: `host:port`, `http://…` or `https://…`; `user:pass@` becomes basic auth. */
  url: string;
  /** Sent as the `X-Access-Token` header (Bosun behind an authenticating proxy). */
  accessToken?: string;
  /** Compress request bodies. Default true. */
  gzip?: boolean;
  /** How an https Host's certificate is verified. Default: against the system CA store. */
  tls?: TlsOptions;
  /** Deadline of one request in milliseconds (connect to the last byte of the answer). Default 30 000. */
  requestTimeoutMs?: number;
  /** Most datapoints in one request. Default 500 (scollector's BatchSize). */
  maxBatchPoints?: number;
  /** Most datapoints waiting in memory; beyond it the oldest are dropped. Default 200 000 (scollector's MaxQueueLen). */
  maxQueuePoints?: number;
  /**
   * Write-ahead: every batch is appended here as it is written and acknowledged after the receiver's 2xx; batches
   * already in it (from the last run) are sent first. The spool's cap replaces maxQueuePoints. The caller owns it
   * (opens and closes it), so it can outlive the sink.
   */
  spool?: Spool;
  /**
   * Backoff between failed requests. Default { initialMs: 500, maxMs: 4 000 } after no answer (the receiver is down:
   * found back within seconds) and { initialMs: 500, maxMs: 60 000 } after a 5xx or 429 (it is overloaded: a fleet
   * spreads out). When given, it applies to both.
   */
  retry?: Partial<BackoffConfig>;
  /** Where drops, refusals and outages are logged (rate-limited) when no `telemetry` is given. Secrets are never logged. */
  log?: Logger;
  /**
   * Where the sink counts and logs what it does; the agent passes one that outlives a sink replaced on reload.
   * @internal
   */
  telemetry?: SinkTelemetry;
  /** Name of the sink in stats and logs. Default 'opentsdb'. */
  name?: string;
  /** Randomness in [0, 1) for the backoff jitter; tests inject a fixed one. */
  random?: () => number;
  /** How to wait; tests inject one that records delays and returns at once. */
  sleep?: Sleep;
  /** Cap on datapoints sent per second (requests are paced, the queue absorbs the rest); 0 or unset: none. */
  maxPointsPerSecond?: number;
  /** The clock the rate cap is paced by. Default Date.now. */
  now?: () => number;
}

export const OPENTSDB_SINK_DEFAULTS = {
  gzip: true,
  requestTimeoutMs: 30_000,
  maxBatchPoints: 500,
  maxQueuePoints: 200_000,
  retry: BACKOFF_DEFAULTS,
} as const;

/**
 * What a sink built on `/api/put` is made of; the Bosun sink adds its metadata loop to these parts.
 * @internal
 */
export interface PutSinkParts {
  readonly endpoint: Endpoint;
  readonly transport: Transport;
  readonly telemetry: SinkTelemetry;
  readonly delivery: Delivery;
  readonly backoff: BackoffConfig;
  readonly random: () => number;
  readonly sleep: Sleep;
}

/**
 * Builds the shared parts; `connections` is one per loop that will send through the transport.
 * @internal
 */
export function createPutSinkParts(options: OpenTsdbSinkOptions, connections: number): PutSinkParts {
  const endpoint = parseEndpoint(options.url);
  const maxBatchPoints = options.maxBatchPoints ?? OPENTSDB_SINK_DEFAULTS.maxBatchPoints;
  if (!Number.isInteger(maxBatchPoints) || maxBatchPoints < 1) {
    throw new RangeError(`maxBatchPoints must be an integer >= 1, got ${maxBatchPoints}`);
  }
  const telemetry = options.telemetry ?? new SinkTelemetry(options.log ?? silentLogger);
  const backoff: BackoffConfig = { ...OPENTSDB_SINK_DEFAULTS.retry, ...options.retry };
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? realSleep;
  const transport = createTransport({
    endpoint,
    requestTimeoutMs: options.requestTimeoutMs ?? OPENTSDB_SINK_DEFAULTS.requestTimeoutMs,
    accessToken: options.accessToken,
    connections,
    tls: options.tls,
    telemetry,
  });
  const delivery = createDelivery({
    transport,
    queue: options.spool !== undefined ? spoolBatchQueue(options.spool, maxBatchPoints)
      : memoryBatchQueue(options.maxQueuePoints ?? OPENTSDB_SINK_DEFAULTS.maxQueuePoints, maxBatchPoints),
    telemetry,
    path: '/api/put',
    gzip: options.gzip ?? OPENTSDB_SINK_DEFAULTS.gzip,
    maxBatchPoints,
    backoff,
    overloadBackoff: options.retry === undefined ? OVERLOAD_BACKOFF_DEFAULTS : backoff,
    random,
    sleep,
    display: endpoint.display,
    maxPointsPerSecond: options.maxPointsPerSecond,
    now: options.now,
  });
  return { endpoint, transport, telemetry, delivery, backoff, random, sleep };
}

/**
 * The Sink surface over the parts; `stopExtra` stops whatever a derived sink added before the transport closes.
 * @internal
 */
export function putSink(name: string, parts: PutSinkParts, extra: Partial<Pick<Sink, 'writeMetadata'>> & {
  stopExtra?: () => Promise<void>;
} = {}): Sink {
  const { delivery, telemetry, transport } = parts;
  let closing: Promise<readonly Datum[]> | undefined;
  return {
    name,
    write: (batch) => delivery.write(batch),
    writeMetadata: extra.writeMetadata ?? (() => undefined),
    flush: (timeoutMs) => delivery.flush(timeoutMs),
    close() {
      closing ??= (async () => {
        const [rest] = await Promise.all([delivery.stop(), extra.stopExtra?.()]);
        await transport.close();
        return rest;
      })();
      return closing;
    },
    stats: () => ({ ...telemetry.snapshot(), queued: delivery.queued }),
  };
}

export function createOpenTsdbSink(options: OpenTsdbSinkOptions): Sink {
  return putSink(options.name ?? 'opentsdb', createPutSinkParts(options, 1));
}
