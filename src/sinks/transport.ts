/**
 * The HTTP side of a sink: one undici Pool with keep-alive per receiver, POSTs with a deadline, and the request
 * counters reported in one place (every request a sink makes — datapoints and metadata — goes through here).
 * Requests go through the pool's `dispatch` with a handler that keeps only the status and the start of the body: no
 * response stream per request (undici's `request` costs about 40 % more CPU a POST, bench/endToEnd.bench.ts).
 */
// The pool alone, not undici's index: see types/undici-pool.d.ts.
import Pool from 'undici/lib/dispatcher/pool.js';
import type { Dispatcher } from 'undici';
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
/** Characters of an answer's body kept for its log line (redactDetail cuts it shorter once credentials are out). */
const ANSWER_CHARS = 4096;

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
    post(path, body, headers, signal) {
      const started = performance.now();
      return new Promise<PostAnswer>((resolve) => {
        let settled = false;
        let controller: Dispatcher.DispatchController | undefined;
        let reason: Error | undefined;
        let status: number | undefined;
        let text = '';
        const finish = (answer: PostAnswer): void => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          signal.removeEventListener('abort', onAbort);
          telemetry.posted(body.length, performance.now() - started, answer.status !== undefined && answer.status >= 200 && answer.status < 300);
          resolve(answer);
        };
        const fail = (error: unknown): void => finish({ status: undefined, detail: redactDetail(errorText(error), secrets) });
        // The answer is settled at once; the request itself is aborted as soon as undici has started it.
        const stop = (why: Error): void => {
          reason = why;
          controller?.abort(why);
          fail(why);
        };
        const onAbort = (): void => stop(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
        const timer = setTimeout(() => stop(new DOMException('request timed out', 'TimeoutError')), requestTimeoutMs);
        if (signal.aborted) onAbort();
        else signal.addEventListener('abort', onAbort, { once: true });
        if (settled) return;
        try {
          pool.dispatch({ path: `${endpoint.basePath}${path}`, method: 'POST', headers: { ...fixedHeaders, ...headers }, body }, {
            onRequestStart(requestController) {
              controller = requestController;
              if (reason !== undefined) requestController.abort(reason);
            },
            onResponseStart(_controller, statusCode) {
              status = statusCode;
            },
            onResponseData(_controller, chunk) {
              if (text.length < ANSWER_CHARS) text += chunk.toString('utf8');
            },
            onResponseEnd() {
              finish({ status, detail: redactDetail(text, secrets) });
            },
            onResponseError(_controller, error) {
              fail(error);
            },
          });
        } catch (error) {
          fail(error);
        }
      });
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
