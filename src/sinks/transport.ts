/**
 * The HTTP side of a sink: one keep-alive agent per receiver (node:http, or node:https for an https Host), POSTs with a
 * deadline, and the request counters reported in one place (every request a sink makes — datapoints and metadata —
 * goes through here). node:http rather than undici: the status endpoint loads it anyway, and undici's Pool adds about
 * 8.7 MiB of RSS (it loads node:http2 and node:tls with it) for about 40 µs less CPU per POST (bench/footprint.bench.ts,
 * bench/endToEnd.bench.ts) — at 100 to 500 points per POST, under 0.1 µs a point.
 */
import { Agent, request as httpRequest, type AgentOptions, type ClientRequest, type IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { SinkTelemetry } from '../telemetry.js';
import type { Endpoint } from '../endpoint.js';
import { redactDetail, requestSecrets } from './redact.js';
import { httpsClient, readTrustedCas, type TlsOptions } from './tls.js';

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

interface HttpClient {
  request: typeof httpRequest;
  agent: Agent;
}

const USER_AGENT = 'rx-collector';
/** A receiver that does not accept a connection within this is down; the request deadline may be longer. */
const CONNECT_TIMEOUT_MS = 10_000;
/** An idle kept-alive connection is closed after this. */
const KEEP_ALIVE_MS = 30_000;
/** Characters of an answer's body kept for its log line (redactDetail cuts it shorter once credentials are out). */
const ANSWER_CHARS = 4096;

export function createTransport(config: TransportConfig): Transport {
  const { endpoint, requestTimeoutMs, accessToken, telemetry } = config;
  const origin = new URL(endpoint.origin);
  const agentOptions: AgentOptions = { keepAlive: true, maxSockets: config.connections, timeout: KEEP_ALIVE_MS };
  const client: Promise<HttpClient> = origin.protocol === 'https:'
    ? httpsClient(readTrustedCas(config.tls), agentOptions)
    : Promise.resolve({ request: httpRequest, agent: new Agent(agentOptions) });
  const connectTimeoutMs = Math.min(requestTimeoutMs, CONNECT_TIMEOUT_MS);
  const fixedHeaders: Record<string, string> = { 'user-agent': USER_AGENT };
  if (endpoint.authorization !== undefined) fixedHeaders.authorization = endpoint.authorization;
  if (accessToken !== undefined && accessToken !== '') fixedHeaders['x-access-token'] = accessToken;
  const secrets = requestSecrets(endpoint.authorization, accessToken);

  const send = ({ request, agent }: HttpClient, path: string, body: Buffer, headers: Record<string, string>,
    signal: AbortSignal): Promise<PostAnswer> => new Promise<PostAnswer>((resolve) => {
    let settled = false;
    let outgoing: ClientRequest | undefined;
    let connectTimer: NodeJS.Timeout | undefined;
    const finish = (answer: PostAnswer): void => {
      if (settled) return;
      settled = true;
      clearTimeout(deadline);
      clearTimeout(connectTimer);
      signal.removeEventListener('abort', onAbort);
      resolve(answer);
    };
    const fail = (error: unknown): void => finish({ status: undefined, detail: redactDetail(errorText(error), secrets) });
    // The answer is settled at once; destroying the request closes its connection.
    const stop = (why: Error): void => {
      fail(why);
      outgoing?.destroy(why);
    };
    const onAbort = (): void => stop(signal.reason instanceof Error ? signal.reason : new Error(String(signal.reason)));
    const deadline = setTimeout(() => stop(new DOMException('request timed out', 'TimeoutError')), requestTimeoutMs);
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      outgoing = request(origin, {
        agent, method: 'POST', path: `${endpoint.basePath}${path}`,
        headers: { ...fixedHeaders, ...headers, 'content-length': String(body.length) },
      }, (response: IncomingMessage) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (text.length < ANSWER_CHARS) text += chunk;
        });
        response.on('end', () => finish({ status: response.statusCode, detail: redactDetail(text, secrets) }));
        response.on('error', fail);
        response.on('close', () => {
          if (!response.complete) fail(new Error('the connection closed before the answer was complete'));
        });
      });
    } catch (error) {
      return fail(error);
    }
    outgoing.on('error', fail);
    outgoing.once('socket', (socket: Socket) => {
      if (!socket.connecting) return;
      connectTimer = setTimeout(() => stop(new DOMException(`no connection within ${connectTimeoutMs} ms`, 'TimeoutError')),
        connectTimeoutMs);
      socket.once('connect', () => clearTimeout(connectTimer));
    });
    outgoing.end(body);
  });

  return {
    async post(path, body, headers, signal) {
      const started = performance.now();
      const answer = await client.then((ready) => send(ready, path, body, headers, signal), (error: unknown) => ({
        status: undefined, detail: errorText(error),
      }));
      telemetry.posted(body.length, performance.now() - started, answer.status !== undefined && answer.status >= 200 && answer.status < 300);
      return answer;
    },
    async close() {
      (await client.catch(() => undefined))?.agent.destroy();
    },
  };
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as Error & { code?: unknown }).code;
  return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
}
