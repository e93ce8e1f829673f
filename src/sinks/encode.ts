/** The request body of `/api/put`: a JSON array of datapoints, gzip-compressed unless turned off. */
import { promisify } from 'node:util';
import { gzip as gzipCallback } from 'node:zlib';
import type { Datum } from '../datum.js';

const gzip = promisify(gzipCallback);

export interface EncodedBody {
  body: Buffer;
  headers: Record<string, string>;
}

export async function encodeJson(value: readonly Datum[] | readonly object[], compress: boolean): Promise<EncodedBody> {
  const json = Buffer.from(JSON.stringify(value));
  if (!compress) return { body: json, headers: { 'content-type': 'application/json' } };
  return { body: await gzip(json), headers: { 'content-type': 'application/json', 'content-encoding': 'gzip' } };
}
