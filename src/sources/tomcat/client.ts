/**
 * GETs of the manager's status pages over one keep-alive connection (undici, loaded on the first reading so an agent
 * without [[Tomcat]] never pays for it). Every answer but 200 is an error that says what to fix; 401 and 403 name the
 * user. One connection matters beyond thrift: Tomcat counts a finished request before it reads the next one on the
 * same connection, so each reading sees the previous reading's requests counted.
 */
import type { Client } from 'undici';

/** PEM contents (the config loader reads the files, so a missing one is a config error at start). */
export interface TomcatTlsOptions {
  /** CA bundle the server certificate must chain to; the system CAs when absent. */
  ca?: string;
  /** Client certificate for TLS client authentication; needs `key`. */
  cert?: string;
  key?: string;
}

export interface StatusClientOptions {
  /** Origin of the manager: `http://127.0.0.1:8080`. */
  origin: string;
  user?: string;
  password?: string;
  tls?: TomcatTlsOptions;
}

/** An answer other than 200, or no answer. `status` is undefined when there was none (refused, reset, TLS). */
export class StatusRequestError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'StatusRequestError';
  }
}

type Undici = typeof import('undici');
let undici: Promise<Undici> | undefined;

const loadUndici = (): Promise<Undici> => (undici ??= import('undici'));

const MAX_PAGE_BYTES = 16 << 20;

export class StatusClient {
  private client: Client | undefined;
  private readonly headers: Record<string, string>;

  constructor(private readonly options: StatusClientOptions) {
    this.headers = { 'user-agent': 'rx-collector', accept: 'text/xml, text/html' };
    if (options.user !== undefined) {
      const token = Buffer.from(`${options.user}:${options.password ?? ''}`).toString('base64');
      this.headers.authorization = `Basic ${token}`;
    }
  }

  /**
   * The body of `path` (path and query) when the answer is 200. Aborting `signal` cancels the request and drops the
   * connection (a half-read answer cannot be reused; undici would keep the socket of a server that never answers).
   */
  async get(path: string, signal: AbortSignal): Promise<string> {
    const client = await this.connection();
    const drop = (): void => this.discard(client);
    signal.addEventListener('abort', drop, { once: true });
    try {
      return await this.fetch(client, path, signal);
    } finally {
      signal.removeEventListener('abort', drop);
    }
  }

  private async fetch(client: Client, path: string, signal: AbortSignal): Promise<string> {
    const url = `${this.options.origin}${path}`;
    let response: Awaited<ReturnType<Client['request']>>;
    try {
      response = await client.request({ path, method: 'GET', headers: this.headers, signal });
    } catch (error) {
      if (signal.aborted) throw error;
      this.discard(client);
      throw new StatusRequestError(`GET ${url}: ${describe(error)}`);
    }
    const { statusCode, body } = response;
    if (statusCode !== 200) {
      await body.dump();
      throw new StatusRequestError(this.refusal(statusCode, url), statusCode);
    }
    const declared = Number(response.headers['content-length']);
    if (declared > MAX_PAGE_BYTES) {
      await body.dump();
      throw new StatusRequestError(`GET ${url}: page of ${declared} bytes is larger than ${MAX_PAGE_BYTES}`);
    }
    return body.text();
  }

  private discard(client: Client): void {
    if (this.client === client) this.client = undefined;
    client.destroy().catch(() => undefined);
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    await client?.destroy();
  }

  private async connection(): Promise<Client> {
    if (this.client !== undefined) return this.client;
    const { Client: UndiciClient } = await loadUndici();
    this.client ??= new UndiciClient(this.options.origin, {
      pipelining: 1,
      keepAliveTimeout: 15_000,
      connect: { ...this.options.tls },
    });
    return this.client;
  }

  private refusal(status: number, url: string): string {
    const user = this.options.user;
    if (status === 401) {
      return user === undefined
        ? `${url} asks for a login (HTTP 401): set User and Password (or PasswordFile)`
        : `authentication failed for User ${JSON.stringify(user)} at ${url} (HTTP 401): check User and Password`;
    }
    if (status === 403) {
      return `access denied to ${user === undefined ? 'anonymous' : `User ${JSON.stringify(user)}`} at ${url} (HTTP 403): `
        + "the user needs the manager-status role, and the manager's RemoteCIDRValve must allow this address";
    }
    return `GET ${url}: HTTP ${status}`;
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as Error & { code?: unknown }).code;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return typeof code === 'string' && !error.message.includes(code) ? `${code} ${error.message}${cause}` : `${error.message}${cause}`;
}
