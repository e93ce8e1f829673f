/**
 * A fault-injecting `/api/put` receiver on loopback, shared by the sink tests, the end-to-end tests and the fault
 * benchmark. It behaves as one of the ways a receiver fails, switchable at any time:
 *   up         stores the points (or forwards them to `upstream`, a real store, and answers what it answered)
 *   down       the port refuses connections (nothing listens)
 *   status     answers every request with one status (500, 400, 401 …) and a body; stores nothing
 *   slow       stores (or forwards), then waits `delayMs` before it answers: a receiver that is slow but works
 *   half-open  accepts the connection, reads the request and never answers
 *   reset      reads the request and resets the connection
 * Every request is recorded; for stored batches it counts how often the same batch (same body) was stored, and how
 * often each point (series + timestamp) was, so tests can see duplicates.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { request } from 'undici';
import type { Datum } from '../../src/datum.js';
import { freePort } from './harness.js';

export type FaultMode =
  | { kind: 'up' }
  | { kind: 'down' }
  | { kind: 'status'; status: number; body?: string | ((headers: IncomingMessage['headers']) => string) }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'half-open' }
  | { kind: 'reset' };

export interface FaultRequest {
  /** Milliseconds since the receiver started. */
  atMs: number;
  mode: FaultMode['kind'];
  /** Status answered; undefined when none was (half-open, reset). */
  status?: number;
  /** Milliseconds since the receiver started when the answer was written (after forwarding, after a slow delay). */
  answeredMs?: number;
  points: number;
  /** sha1 of the decoded body, for requests that carried one: the same batch sent twice has the same digest. */
  digest?: string;
  headers: IncomingMessage['headers'];
}

export interface FaultReceiver {
  readonly url: string;
  readonly port: number;
  /** Epoch milliseconds when it started: `atMs` of requests counts from here. */
  readonly startedAt: number;
  readonly mode: FaultMode;
  /** Switches behaviour; `down` closes the listener and every open connection, leaving it `down` listens again. */
  set(mode: FaultMode): Promise<void>;
  readonly requests: FaultRequest[];
  /** Points stored (or forwarded and acknowledged), in arrival order. */
  readonly points: Datum[];
  /** How many times each distinct batch body was stored. */
  batchStores(): number[];
  /** Points stored more than once (same metric, tags, timestamp and value), counted once per extra copy. */
  duplicatePoints(): number;
  /** The points stored more than once, as `series@timestamp=value ×copies`, for a failure message. */
  duplicates(): string[];
  /** The requests that stored a batch more than once, oldest first: what a test prints when it finds duplicates. */
  repeatedStores(): FaultRequest[];
  /** When (ms since start) the first request after `sinceMs` was answered with a 2xx, if any. */
  firstOkAfter(sinceMs: number): number | undefined;
  close(): Promise<void>;
}

export interface FaultReceiverOptions {
  /** Base URL of a real store to forward stored batches to (its `/api/put`), e.g. VictoriaMetrics' OpenTSDB listener. */
  upstream?: string;
  mode?: FaultMode;
}

const seriesKey = (point: Datum): string =>
  `${point.metric}{${Object.entries(point.tags).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${v}`).join(',')}}`;

export async function startFaultReceiver(options: FaultReceiverOptions = {}): Promise<FaultReceiver> {
  const port = await freePort();
  const startedAt = Date.now();
  const requests: FaultRequest[] = [];
  const points: Datum[] = [];
  const stores = new Map<string, number>();
  const pointCopies = new Map<string, number>();
  const sockets = new Set<Socket>();
  let mode: FaultMode = options.mode ?? { kind: 'up' };
  let server: Server | undefined;

  async function store(decoded: Buffer, digest: string): Promise<number> {
    let status = 204;
    if (options.upstream !== undefined) {
      const answer = await request(`${options.upstream}/api/put`, { method: 'POST', body: decoded,
        headers: { 'content-type': 'application/json' } });
      await answer.body.dump();
      status = answer.statusCode;
    }
    if (status >= 200 && status < 300) {
      const batch = JSON.parse(decoded.toString('utf8')) as Datum[];
      points.push(...batch);
      stores.set(digest, (stores.get(digest) ?? 0) + 1);
      for (const point of batch) {
        // the value too: two readings within one second (a restart under a second) share a timestamp, not a value
        const key = `${seriesKey(point)}@${point.timestamp}=${point.value}`;
        pointCopies.set(key, (pointCopies.get(key) ?? 0) + 1);
      }
    }
    return status;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const current = mode;
    const seen: FaultRequest = { atMs: Date.now() - startedAt, mode: current.kind, points: 0, headers: req.headers };
    requests.push(seen);
    let decoded = body;
    try {
      decoded = req.headers['content-encoding'] === 'gzip' ? gunzipSync(body) : body;
      seen.digest = createHash('sha1').update(decoded).digest('hex');
      seen.points = (JSON.parse(decoded.toString('utf8')) as unknown[]).length;
    } catch {
      seen.points = 0;
    }
    const digest = seen.digest ?? '';
    switch (current.kind) {
      case 'half-open':
        return;
      case 'reset':
        req.socket.resetAndDestroy();
        return;
      case 'status':
        seen.status = current.status;
        seen.answeredMs = Date.now() - startedAt;
        res.writeHead(current.status, { 'content-type': 'text/plain' })
          .end(typeof current.body === 'function' ? current.body(req.headers) : current.body ?? `told to answer ${current.status}`);
        return;
      case 'slow': {
        const status = await store(decoded, digest);
        await sleep(current.delayMs);
        seen.status = status;
        seen.answeredMs = Date.now() - startedAt;
        res.writeHead(status).end();
        return;
      }
      default: {
        const status = await store(decoded, digest);
        seen.status = status;
        seen.answeredMs = Date.now() - startedAt;
        res.writeHead(status).end();
      }
    }
  }

  async function listen(): Promise<void> {
    const next = createServer((req, res) => {
      handle(req, res).catch(() => req.socket.destroy());
    });
    next.on('connection', (socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve, reject) => {
      next.once('error', reject);
      next.listen(port, '127.0.0.1', () => resolve());
    });
    server = next;
  }

  async function unlisten(): Promise<void> {
    const current = server;
    server = undefined;
    if (current === undefined) return;
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => current.close(() => resolve()));
  }

  if (mode.kind !== 'down') await listen();

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    startedAt,
    get mode() {
      return mode;
    },
    async set(next) {
      mode = next;
      if (next.kind === 'down') await unlisten();
      else if (server === undefined) await listen();
    },
    requests,
    points,
    batchStores: () => [...stores.values()],
    duplicatePoints: () => [...pointCopies.values()].reduce((sum, copies) => sum + copies - 1, 0),
    duplicates: () => [...pointCopies].filter(([, copies]) => copies > 1).map(([key, copies]) => `${key} ×${copies}`),
    repeatedStores: () => requests.filter((r) => r.digest !== undefined && r.status !== undefined && r.status < 300
      && (stores.get(r.digest) ?? 0) > 1),
    firstOkAfter: (sinceMs) => requests.find((r) => r.atMs >= sinceMs && r.status !== undefined && r.status < 300)?.atMs,
    close: unlisten,
  };
}
