/**
 * A local receiver that keeps Bosun's `/api/put` and `/api/metadata/put` contract strictly, for sink tests. A request
 * is accepted whole (204) or refused whole (400 with an error body, nothing recorded), as Bosun does. Tests can make
 * it fail the next requests, drop connections, answer slowly or refuse given metrics, and read what was accepted.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { gunzipSync } from 'node:zlib';
import { isValidName, MAX_TAGS, type Datum } from '../../src/datum.js';

export interface MetadataEntry {
  Metric: string;
  Name: string;
  Value: string;
}

export interface ReceivedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  /** Status answered; 0 when the connection was dropped. */
  status: number;
  /** Datapoints (or metadata entries) in the body, when it could be read. */
  items: number;
  /** Body size as sent (compressed when gzip). */
  bytes: number;
}

export interface BosunReceiver {
  readonly url: string;
  /** Datapoints accepted, in arrival order. */
  readonly points: Datum[];
  /** Every accepted metadata request, each the array it carried. */
  readonly metadataPosts: MetadataEntry[][];
  /** Every request seen, in arrival order. */
  readonly requests: ReceivedRequest[];
  /** Answers the next `count` datapoint requests with `status` (e.g. 503) without recording them. */
  failNext(count: number, status?: number): void;
  /** Destroys the socket of the next `count` datapoint requests before answering. */
  dropNext(count: number): void;
  /** Answers the next `count` metadata requests with `status`. */
  failNextMetadata(count: number, status?: number): void;
  /** Waits `ms` before answering datapoint requests. */
  delayPuts(ms: number): void;
  /** Waits `ms` before answering metadata requests. */
  delayMetadata(ms: number): void;
  /** Points with this metric name make their request fail with 400, as OpenTSDB does for an unknown metric. */
  refuseMetric(metric: string): void;
  close(): Promise<void>;
}

type Check = { ok: true; items: unknown[] } | { ok: false; error: string };

export async function startBosunReceiver(): Promise<BosunReceiver> {
  const points: Datum[] = [];
  const metadataPosts: MetadataEntry[][] = [];
  const requests: ReceivedRequest[] = [];
  const refused = new Set<string>();
  let failPuts = { count: 0, status: 503 };
  let failMetadata = { count: 0, status: 503 };
  let dropPuts = 0;
  let putDelayMs = 0;
  let metadataDelayMs = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    const seen: ReceivedRequest = { path: req.url ?? '', headers: req.headers, status: 0, items: 0, bytes: raw.length };
    requests.push(seen);
    const answer = (status: number, error?: string): void => {
      seen.status = status;
      if (error === undefined) {
        res.writeHead(status).end();
      } else {
        res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { code: status, message: error } }));
      }
    };
    if (req.method !== 'POST') return answer(405, 'POST only');
    const parsed = parseJsonBody(raw, req.headers['content-encoding']);
    if (!parsed.ok) return answer(400, parsed.error);
    seen.items = parsed.items.length;

    if (req.url === '/api/put') {
      if (putDelayMs > 0) await sleep(putDelayMs);
      if (dropPuts > 0) {
        dropPuts -= 1;
        req.socket.destroy();
        return;
      }
      if (failPuts.count > 0) {
        failPuts.count -= 1;
        return answer(failPuts.status, 'told to fail');
      }
      const checked = parsed.items.map((item, index) => checkPoint(item, index, refused));
      const error = checked.find((result): result is string => typeof result === 'string');
      if (error !== undefined) return answer(400, error);
      points.push(...(checked as Datum[]));
      return answer(204);
    }
    if (req.url === '/api/metadata/put') {
      // Bosun's handler json-decodes the raw body: it has no gzip support here, unlike /api/put.
      if (req.headers['content-encoding'] !== undefined) return answer(400, 'metadata must be plain JSON');
      if (metadataDelayMs > 0) await sleep(metadataDelayMs);
      if (failMetadata.count > 0) {
        failMetadata.count -= 1;
        return answer(failMetadata.status, 'told to fail');
      }
      const bad = parsed.items.findIndex((item) => !isMetadataEntry(item));
      if (bad >= 0) return answer(400, `metadata entry ${bad} is not {Metric, Name, Value}`);
      metadataPosts.push(parsed.items as MetadataEntry[]);
      return answer(204);
    }
    return answer(404, 'not found');
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    points,
    metadataPosts,
    requests,
    failNext: (count, status = 503) => { failPuts = { count, status }; },
    dropNext: (count) => { dropPuts = count; },
    failNextMetadata: (count, status = 503) => { failMetadata = { count, status }; },
    delayPuts: (ms) => { putDelayMs = ms; },
    delayMetadata: (ms) => { metadataDelayMs = ms; },
    refuseMetric: (metric) => { refused.add(metric); },
    close: () => new Promise((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function parseJsonBody(raw: Buffer, encoding: string | undefined): Check {
  let text: Buffer = raw;
  if (encoding === 'gzip') {
    try {
      text = gunzipSync(raw);
    } catch {
      return { ok: false, error: 'Content-Encoding gzip but the body is not gzip' };
    }
  } else if (encoding !== undefined && encoding !== 'identity') {
    return { ok: false, error: `unsupported Content-Encoding ${encoding}` };
  } else if (raw[0] === 0x1f && raw[1] === 0x8b) {
    return { ok: false, error: 'gzip body without Content-Encoding: gzip' };
  }
  let value: unknown;
  try {
    value = JSON.parse(text.toString('utf8'));
  } catch {
    return { ok: false, error: 'body is not JSON' };
  }
  if (!Array.isArray(value)) return { ok: false, error: 'body is not a JSON array' };
  return { ok: true, items: value };
}

/** The point as a Datum, or what is wrong with it. */
function checkPoint(item: unknown, index: number, refused: ReadonlySet<string>): Datum | string {
  const where = `point ${index}`;
  if (typeof item !== 'object' || item === null) return `${where}: not an object`;
  const { metric, timestamp, value, tags } = item as Record<string, unknown>;
  const extra = Object.keys(item).filter((key) => !['metric', 'timestamp', 'value', 'tags'].includes(key));
  if (extra.length > 0) return `${where}: unknown fields ${extra.join(',')}`;
  if (typeof metric !== 'string' || !isValidName(metric)) return `${where}: invalid metric ${JSON.stringify(metric)}`;
  if (refused.has(metric)) return `${where}: metric ${metric} refused`;
  if (typeof timestamp !== 'number' || !Number.isInteger(timestamp) || timestamp <= 0) return `${where}: invalid timestamp`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${where}: value is not a finite number`;
  if (typeof tags !== 'object' || tags === null || Array.isArray(tags)) return `${where}: tags is not an object`;
  const entries = Object.entries(tags as Record<string, unknown>);
  if (entries.length === 0) return `${where}: at least one tag is required`;
  if (entries.length > MAX_TAGS) return `${where}: more than ${MAX_TAGS} tags`;
  for (const [key, tagValue] of entries) {
    if (!isValidName(key) || typeof tagValue !== 'string' || !isValidName(tagValue)) {
      return `${where}: invalid tag ${JSON.stringify(key)}=${JSON.stringify(tagValue)}`;
    }
  }
  return { metric, timestamp, value, tags: tags as Record<string, string> };
}

function isMetadataEntry(item: unknown): boolean {
  if (typeof item !== 'object' || item === null) return false;
  const { Metric, Name, Value } = item as Record<string, unknown>;
  return typeof Metric === 'string' && isValidName(Metric) && typeof Name === 'string' && ['rate', 'unit', 'desc'].includes(Name)
    && typeof Value === 'string';
}
