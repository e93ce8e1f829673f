/**
 * The HTTP side of a sink: one undici Pool with keep-alive per receiver, POSTs with a deadline, and the request
 * counters of SinkStats kept in one place (every request a sink makes — datapoints and metadata — goes through here).
 */
import { Pool } from 'undici';
import type { SinkStats } from './sink.js';
import type { Endpoint } from './endpoint.js';
import { tlsConnectOptions, type TlsOptions } from './tls.js';

/** The receiver's answer; `status` is undefined when there was none (network error, timeout, abort). */
export interface PostAnswer {
  status: number | undefined;
  /** The start of the answer's body (for log lines), or the error message when there was no answer. */
  detail: string;
}

export interface TransportConfig {
  endpoint: Endpoint;
  /** Deadline of one request, connect to last byte of the answer. */
  requestTimeoutMs: number;
  /** Sent as `X-Access-Token` when set. */
  accessToken?: string;
  /** Connections kept open: one per loop that sends (datapoints, metadata), so neither waits for the other. */
  connections: number;
  /** The counters to update (posts, postErrors, postBytes, postDurationMs). */
  stats: SinkStats;
  /** How an https Host's certificate is verified (tls.ts). Default: the system CA store. */
  tls?: TlsOptions;
}

export interface Transport {
  /** POSTs `body` to `basePath + path`. Never rejects: failures come back as an answer without status. */
  post(path: string, body: Buffer, headers: Record<string, string>, signal: AbortSignal): Promise<PostAnswer>;
  close(): Promise<void>;
}

const DETAIL_CHARS = 500;
const USER_AGENT = 'rx-collector';

export function createTransport(config: TransportConfig): Transport {
  const { endpoint, requestTimeoutMs, accessToken, stats } = config;
  const pool = new Pool(endpoint.origin, {
    connections: config.connections,
    keepAliveTimeout: 30_000,
    connectTimeout: requestTimeoutMs,
    headersTimeout: requestTimeoutMs,
    bodyTimeout: requestTimeoutMs,
    connect: tlsConnectOptions(config.tls),
  });
  const fixedHeaders: Record<string, string> = { 'user-agent': USER_AGENT };
  if (endpoint.authorization !== undefined) fixedHeaders.authorization = endpoint.authorization;
  if (accessToken !== undefined && accessToken !== '') fixedHeaders['x-access-token'] = accessToken;

  return {
    async post(path, body, headers, signal) {
      const started = performance.now();
      stats.posts += 1;
      stats.postBytes += body.length;
      let answer: PostAnswer;
      try {
        const response = await pool.request({
          path: `${endpoint.basePath}${path}`,
          method: 'POST',
          headers: { ...fixedHeaders, ...headers },
          body,
          signal: AbortSignal.any([signal, AbortSignal.timeout(requestTimeoutMs)]),
        });
        const text = await response.body.text();
        answer = { status: response.statusCode, detail: text.slice(0, DETAIL_CHARS) };
      } catch (error) {
        answer = { status: undefined, detail: errorText(error) };
      }
      stats.postDurationMs += performance.now() - started;
      if (answer.status === undefined || answer.status < 200 || answer.status >= 300) stats.postErrors += 1;
      return answer;
    },
    async close() {
      await pool.destroy();
    },
  };
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}
