/**
 * The Engine API over HTTP: where the engine listens (a unix socket, plain TCP or TLS with client certificates) and
 * one undici Pool to it. undici (~20 MB) is loaded with the first reading, so importing the source costs nothing.
 * Every request takes the reading's AbortSignal: aborting it destroys the request's socket.
 */
import { readFile } from 'node:fs/promises';
import type { Pool } from 'undici';

export interface EngineEndpoint {
  /** The HTTP origin requests go to (`http://localhost` for a unix socket). */
  origin: string;
  socketPath?: string;
  tls: boolean;
}

/** PEM files for an https:// endpoint; without ClientCertKey the key is looked for in the ClientCert file. */
export interface EngineTlsFiles {
  caCert?: string;
  clientCert?: string;
  clientCertKey?: string;
}

/**
 * `unix:///var/run/docker.sock`, `tcp://host:port` (or `http://`; port 2375 when none is given) and `https://host:port`
 * (port 2376), as Docker's own DOCKER_HOST spells them. Throws an Error saying what is wrong.
 */
export function parseEndpoint(text: string): EngineEndpoint {
  const trimmed = text.trim();
  if (trimmed.startsWith('unix://')) {
    const socketPath = trimmed.slice('unix://'.length);
    if (!socketPath.startsWith('/')) throw new Error(`${JSON.stringify(text)}: a unix socket needs an absolute path, e.g. unix:///var/run/docker.sock`);
    return { origin: 'http://localhost', socketPath, tls: false };
  }
  let url: URL;
  try {
    url = new URL(trimmed);
  } catch {
    throw new Error(`${JSON.stringify(text)} is not unix:///path, tcp://host:port or https://host:port`);
  }
  const tls = url.protocol === 'https:';
  if (!tls && url.protocol !== 'tcp:' && url.protocol !== 'http:') {
    throw new Error(`${JSON.stringify(text)}: the scheme must be unix://, tcp://, http:// or https://`);
  }
  if (url.hostname === '') throw new Error(`${JSON.stringify(text)} names no host`);
  if (url.pathname !== '/' && url.pathname !== '') throw new Error(`${JSON.stringify(text)}: no path is expected after host:port`);
  const port = url.port === '' ? (tls ? 2376 : 2375) : Number(url.port);
  return { origin: `${tls ? 'https' : 'http'}://${url.hostname}:${port}`, tls };
}

/** The engine answered, but not with what was asked for: an HTTP error status or a body that is not JSON. */
export class EngineAnswerError extends Error {
  constructor(readonly path: string, readonly status: number, detail: string) {
    super(`${path}: ${status === 200 ? '' : `HTTP ${status} `}${detail}`);
    this.name = 'EngineAnswerError';
  }
}

export interface Engine {
  /** GETs `path` and parses the JSON answer; rejects with EngineAnswerError for a bad answer, or the network error. */
  get(path: string, signal: AbortSignal): Promise<unknown>;
  /** Closes every socket at once, in-flight requests included. */
  destroy(): Promise<void>;
}

const DETAIL_CHARS = 200;

async function readPem(file: string | undefined, what: string): Promise<string | undefined> {
  if (file === undefined) return undefined;
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read the ${what} ${JSON.stringify(file)} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`, { cause: error });
  }
}

/** A pool of up to `connections` sockets to the engine; certificate files are read now, so a missing one fails here. */
export async function connectEngine(endpoint: EngineEndpoint, files: EngineTlsFiles, connections: number): Promise<Engine> {
  const [ca, cert, key] = await Promise.all([
    readPem(files.caCert, 'CA certificate (CaCert)'),
    readPem(files.clientCert, 'client certificate (ClientCert)'),
    readPem(files.clientCertKey, 'client key (ClientCertKey)'),
  ]);
  const { Pool } = await import('undici');
  const pool: Pool = new Pool(endpoint.origin, {
    connections,
    ...(endpoint.socketPath === undefined ? {} : { socketPath: endpoint.socketPath }),
    ...(endpoint.tls ? { connect: { ca, cert, key: key ?? cert } } : {}),
  });
  return {
    async get(path, signal) {
      const response = await pool.request({ path, method: 'GET', signal, headers: { accept: 'application/json', 'user-agent': 'rx-collector' } });
      const text = await response.body.text();
      if (response.statusCode !== 200) throw new EngineAnswerError(path, response.statusCode, errorMessage(text));
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new EngineAnswerError(path, 200, text === '' ? 'empty answer' : `not JSON: ${text.slice(0, DETAIL_CHARS)}`);
      }
    },
    destroy: () => pool.destroy(),
  };
}

/** The engine's `{"message": …}` error body, or the start of whatever it sent. */
function errorMessage(text: string): string {
  try {
    const body = JSON.parse(text) as unknown;
    if (typeof body === 'object' && body !== null && typeof (body as { message?: unknown }).message === 'string') {
      return (body as { message: string }).message;
    }
  } catch {
    // not JSON: the raw text says more than nothing
  }
  return text.slice(0, DETAIL_CHARS);
}
