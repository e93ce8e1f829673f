/**
 * The request body of `/api/put`: a JSON array of datapoints, gzip-compressed unless turned off.
 *
 * The array is written straight into one reused buffer that is handed to gzip, with no intermediate string. A point's
 * `{"metric":…,"tags":{…},"timestamp":` part is the same at every reading of its series, so it is serialised once and
 * kept: cached on the point's tags object when that object is frozen (validate gives every point of a series the same
 * frozen tags, see operators/seriesCache.ts), since a frozen object cannot change under the cache. Only timestamp and
 * value are written per point (a datapoint is its four fields). Anything else (metadata entries, points with unfrozen tags or a value JSON cannot hold)
 * goes through JSON.stringify as it is.
 *
 * Compression runs synchronously: for a batch of 500 points it is well under a millisecond, and zlib's asynchronous
 * form costs more CPU in thread hand-offs than the compression itself.
 */
import { gzipSync } from 'node:zlib';
import type { Datum } from '../datum.js';

export interface EncodedBody {
  body: Buffer;
  headers: Record<string, string>;
}

/** Serialised `{"metric":…,"tags":…,"timestamp":` by frozen tags object, then by metric. */
const prefixes = new WeakMap<object, Map<string, string>>();
/** A tags object shared by more metrics than this is not a series' own; its cache is emptied rather than grown. */
const MAX_METRICS_PER_TAGS = 4096;
/** Bytes a code unit can take in UTF-8. */
const MAX_UTF8_BYTES_PER_UNIT = 3;
/** The largest a serialised number can be: `-1.2345678901234567e+308`. */
const MAX_NUMBER_BYTES = 24;

let buffer = Buffer.allocUnsafe(64 * 1024);

export function encodeJson(value: readonly Datum[] | readonly object[], compress: boolean): Promise<EncodedBody> {
  const json = writeJsonArray(value);
  if (!compress) return Promise.resolve({ body: Buffer.from(json), headers: { 'content-type': 'application/json' } });
  return Promise.resolve({
    body: gzipSync(json),
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' },
  });
}

/** The JSON array of `items`, in the shared buffer: valid until the next call (callers copy or compress it at once). */
function writeJsonArray(items: readonly object[]): Buffer {
  let offset = 0;
  const write = (text: string, maxBytes: number): void => {
    if (offset + maxBytes > buffer.length) grow(offset + maxBytes);
    offset += buffer.write(text, offset);
  };
  write('[', 1);
  for (let i = 0; i < items.length; i += 1) {
    const item = items[i] as Partial<Datum>;
    if (i > 0) write(',', 1);
    const prefix = cachedPrefix(item);
    if (prefix === undefined) {
      const json = JSON.stringify(item);
      write(json, json.length * MAX_UTF8_BYTES_PER_UNIT);
      continue;
    }
    write(prefix, prefix.length * MAX_UTF8_BYTES_PER_UNIT + 2 * MAX_NUMBER_BYTES + 10);
    offset += buffer.write(String(item.timestamp), offset, 'latin1');
    offset += buffer.write(',"value":', offset, 'latin1');
    offset += buffer.write(String(item.value), offset, 'latin1');
    buffer[offset++] = 0x7d; // }
  }
  write(']', 1);
  return buffer.subarray(0, offset);
}

/** The serialised start of a datapoint whose tags are frozen and whose numbers JSON writes as they are. */
function cachedPrefix(item: Partial<Datum>): string | undefined {
  const { metric, tags, timestamp, value } = item;
  if (typeof metric !== 'string' || typeof tags !== 'object' || tags === null || !Object.isFrozen(tags)
    || !Number.isFinite(timestamp) || !Number.isFinite(value)) return undefined;
  let byMetric = prefixes.get(tags);
  if (byMetric === undefined) {
    byMetric = new Map();
    prefixes.set(tags, byMetric);
  }
  let prefix = byMetric.get(metric);
  if (prefix === undefined) {
    if (byMetric.size >= MAX_METRICS_PER_TAGS) byMetric.clear();
    prefix = `{"metric":${JSON.stringify(metric)},"tags":${JSON.stringify(tags)},"timestamp":`;
    byMetric.set(metric, prefix);
  }
  return prefix;
}

function grow(atLeast: number): void {
  const next = Buffer.allocUnsafe(Math.max(atLeast, buffer.length * 2));
  buffer.copy(next);
  buffer = next;
}
