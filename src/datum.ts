/**
 * The datapoint and its metadata: what Bosun's `/api/put` and `/api/metadata/put` take, and OpenTSDB's rules for
 * what a valid one looks like. Every other module speaks in these types.
 */
import { isIPv6 } from 'node:net';

/** One datapoint, exactly the JSON object Bosun's `/api/put` accepts. */
export interface Datum {
  metric: string;
  /** Unix time in seconds: Bosun keeps the raw value in its index, and scollector/rs-collector send seconds. */
  timestamp: number;
  value: number;
  tags: Record<string, string>;
}

/**
 * A series' serialised form, as an encoder derives it from metric and tags. validate gives every point of a series one
 * frozen tags object carrying one of these under `SERIES_ENCODING` (not enumerable: JSON, spreads and `for…in` never
 * see it), so the encoder finds it with one property load instead of a lookup per point.
 */
export interface SeriesEncoding {
  /** The metric the bytes were made for. */
  metric?: string;
  bytes?: Uint8Array;
}

export const SERIES_ENCODING: unique symbol = Symbol('rx-collector.seriesEncoding');

/** The slot of a series' tags object made by validate, if it is one. */
export function seriesEncoding(tags: object): SeriesEncoding | undefined {
  return (tags as { [SERIES_ENCODING]?: SeriesEncoding })[SERIES_ENCODING];
}

/** Freezes a series' tags with an empty encoding slot on them; the object must not be shared with anyone yet. */
export function freezeSeriesTags(tags: Record<string, string>): Readonly<Record<string, string>> {
  Object.defineProperty(tags, SERIES_ENCODING, { value: {} satisfies SeriesEncoding });
  return Object.freeze(tags);
}

/** How Bosun should treat a series: a level, an ever-growing count, or an already computed rate. */
export type Rate = 'gauge' | 'counter' | 'rate';

/** What a source declares about one metric; sent to Bosun's `/api/metadata/put` and printed in the README. */
export interface MetricMeta {
  metric: string;
  rate: Rate;
  /** scollector's unit strings: "bytes", "connections", "messages", "seconds", ... */
  unit: string;
  desc: string;
  /** Tag keys the source puts on this metric (documentation only; `host` and global tags come on top). */
  tags?: readonly string[];
}

/** OpenTSDB's default limit; Bosun rejects the whole request when one point has more. */
export const MAX_TAGS = 8;

const VALID_CHARS = /^[\p{L}\p{N}\-_./]+$/u;
const INVALID_CHAR = /[^\p{L}\p{N}\-_./]/gu;
/** ASCII letters, digits and `-_./`, by char code. */
const ASCII_VALID: readonly boolean[] = Array.from({ length: 0x80 }, (_, code) =>
  /[A-Za-z0-9\-_./]/.test(String.fromCharCode(code)));

/**
 * True when `text` is a valid OpenTSDB metric name, tag key or tag value. Almost every name is ASCII: a loop over its
 * char codes answers those without the Unicode regex, which is left for names with other characters.
 */
export function isValidName(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code >= 0x80) return VALID_CHARS.test(text);
    if (!ASCII_VALID[code]) return false;
  }
  return true;
}

/**
 * Makes `text` a valid OpenTSDB name: white space becomes `_`, `+` becomes `p` (qshape's "1280+" bucket), anything else
 * invalid is removed. Returns '' when nothing valid is left, which callers treat as "cannot be sent".
 */
export function cleanName(text: string): string {
  if (isValidName(text)) return text;
  return text.trim().replace(/\s+/g, '_').replace(/\+/g, 'p').replace(INVALID_CHAR, '');
}

/** Cleans every key and value of a tag set; tags whose key or value cleans to '' are left out. */
export function cleanTags(tags: Record<string, string>): Record<string, string> {
  const cleaned: Record<string, string> = {};
  for (const [key, value] of Object.entries(tags)) {
    const cleanKey = cleanName(key);
    const cleanValue = cleanName(value);
    if (cleanKey !== '' && cleanValue !== '') cleaned[cleanKey] = cleanValue;
  }
  return cleaned;
}

/** Why `validate` turned a datapoint away; used as the `reason` tag of the discard counter. */
export type RejectReason = 'bad_metric' | 'bad_tag' | 'not_finite' | 'too_many_tags' | 'no_tags' | 'bad_timestamp';

export type Checked = { ok: true; datum: Datum } | { ok: false; reason: RejectReason };

/**
 * Checks one datapoint against OpenTSDB's rules, cleaning what can be cleaned. Returns the (possibly cleaned) point, or
 * the reason it cannot be sent at all.
 */
export function checkDatum(datum: Datum): Checked {
  if (typeof datum.value !== 'number' || !Number.isFinite(datum.value)) return { ok: false, reason: 'not_finite' };
  if (!Number.isFinite(datum.timestamp) || datum.timestamp <= 0) return { ok: false, reason: 'bad_timestamp' };
  const metric = cleanName(datum.metric);
  if (metric === '') return { ok: false, reason: 'bad_metric' };
  const keys = Object.keys(datum.tags);
  if (keys.length === 0) return { ok: false, reason: 'no_tags' };
  if (keys.length > MAX_TAGS) return { ok: false, reason: 'too_many_tags' };
  let tags = datum.tags;
  if (!keys.every((key) => isValidName(key) && isValidName(String(tags[key])))) {
    tags = cleanTags(datum.tags);
    if (Object.keys(tags).length !== keys.length) return { ok: false, reason: 'bad_tag' };
  }
  if (metric === datum.metric && tags === datum.tags) return { ok: true, datum };
  return { ok: true, datum: { ...datum, metric, tags } };
}

/** The current time in whole Unix seconds, as datapoints carry it. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

/** Builds a datapoint; a small helper so source tables read as data. */
export function datum(metric: string, value: number, tags: Record<string, string> = {}, timestamp = nowSeconds()): Datum {
  return { metric, timestamp, value, tags };
}

/** The canonical RFC 5952 text of an IPv6 address (no zone); throws on anything that is not one. */
export function canonicalIpv6(address: string): string {
  if (!isIPv6(address) || address.includes('%')) throw new TypeError(`not an IPv6 address: ${address}`);
  return new URL(`http://[${address}]/`).hostname.slice(1, -1);
}

/**
 * An IP address as a tag value. ':' is not a tag character, so an IPv6 address is sent canonical with '-' for each
 * colon (`2001-db8--1`), as rs-collector's `os.net.has_ipv6s` spelled it; IPv4 addresses as they are.
 */
export function addressTag(address: string): string {
  return isIPv6(address) && !address.includes('%') ? canonicalIpv6(address).replace(/:/g, '-') : address;
}
