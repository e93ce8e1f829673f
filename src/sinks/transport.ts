/**
 * The HTTP side of a sink: one undici Pool with keep-alive per receiver, POSTs with a deadline, and the request
 * counters reported in one place (every request a sink makes — datapoints and metadata — goes through here).
 */
import { Pool } from 'undici';
import type { SinkTelemetry } from '../telemetry.js';
import type { Endpoint } from '../endpoint.js';
import { redactDetail, requestSecrets } from './redact.js';
import { tlsConnectOptions, type TlsOptions } from './tls.js';

/** The receiver's answer; `status` is undefined when there was none (network error, timeout, abort). */
export interface PostAnswer {
  status: number | undefined;
  /** The start of the answer's body, credentials removed (for log lines), or the error when there was no answer. */
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
  /** Where every request is reported (posts, errors, bytes, duration). */
  telemetry: SinkTelemetry;
  /** How an https Host's certificate is verified (tls.ts). Default: the system CA store. */
  tls?: TlsOptions;
}

export interface Transport {
  /** POSTs `body` to `basePath + path`. Never rejects: failures come back as an answer without status. */
  post(path: string, body: Buffer, headers: Record<string, string>, signal: AbortSignal): Promise<PostAnswer>;
  close(): Promise<void>;
}

const USER_AGENT = 'rx-collector';
/** A receiver that does not accept a connection within this is down; the request deadline may be longer. */
const CONNECT_TIMEOUT_MS = 10_000;

export function createTransport(config: TransportConfig): Transport {
  const { endpoint, requestTimeoutMs, accessToken, telemetry } = config;
  const pool = new Pool(endpoint.origin, {
    connections: config.connections,
    keepAliveTimeout: 30_000,
    connectTimeout: Math.min(requestTimeoutMs, CONNECT_TIMEOUT_MS),
    headersTimeout: requestTimeoutMs,
    bodyTimeout: requestTimeoutMs,
    connect: tlsConnectOptions(config.tls),
  });
  const fixedHeaders: Record<string, string> = { 'user-agent': USER_AGENT };
  if (endpoint.authorization !== undefined) fixedHeaders.authorization = endpoint.authorization;
  if (accessToken !== undefined && accessToken !== '') fixedHeaders['x-access-token'] = accessToken;
  const secrets = requestSecrets(endpoint.authorization, accessToken);

  return {
    async post(path, body, headers, signal) {
      const started = performance.now();
      let answer: PostAnswer;
      const request = requestSignal(signal, requestTimeoutMs);
      try {
        const response = await pool.request({
          path: `${endpoint.basePath}${path}`,
          method: 'POST',
          headers: { ...fixedHeaders, ...headers },
          body,
          signal: request.signal,
        });
        const text = await response.body.text();
        answer = { status: response.statusCode, detail: redactDetail(text, secrets) };
      } catch (error) {
        answer = { status: undefined, detail: redactDetail(errorText(error), secrets) };
      } finally {
        request.release();
      }
      const ok = answer.status !== undefined && answer.status >= 200 && answer.status < 300;
      telemetry.posted(body.length, performance.now() - started, ok);
      return answer;
    },
    async close() {
      await pool.destroy();
    },
  };
}

/**
 * A signal that aborts when `parent` does or after `timeoutMs`. Not `AbortSignal.any`: on Node 20 every composite it
 * makes stays registered with a long-lived parent (~60 bytes a request, for the life of the sink), a slow leak at one
 * request a second. `release` unhooks it once the request is over.
 */
function requestSignal(parent: AbortSignal, timeoutMs: number): { signal: AbortSignal; release: () => void } {
  const controller = new AbortController();
  const abort = (): void => controller.abort(parent.aborted ? parent.reason : new DOMException('request timed out', 'TimeoutError'));
  const timer = setTimeout(abort, timeoutMs);
  if (parent.aborted) abort();
  else parent.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    release: () => {
      clearTimeout(timer);
      parent.removeEventListener('abort', abort);
    },
  };
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}
