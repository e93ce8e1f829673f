/**
 * One spool record on disk: `length u32 | points u32 | crc32 u32 | JSON array of Datum`. The checksum tells a record
 * that was written whole from one a crash cut short or a disk corrupted.
 */
import { crc32 } from 'node:zlib';
import type { Datum } from '../datum.js';

export const HEADER_BYTES = 12;

/** Where one intact record sits. */
export interface RecordRef {
  segment: number;
  offset: number;
  /** Header included. */
  length: number;
  points: number;
}

export function encodeRecord(points: readonly Datum[]): Buffer {
  const payload = Buffer.from(JSON.stringify(points));
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(payload.length, 0);
  header.writeUInt32BE(points.length, 4);
  header.writeUInt32BE(crc32(payload), 8);
  return Buffer.concat([header, payload]);
}

export function decodePayload(payload: Buffer): Datum[] {
  return JSON.parse(payload.toString('utf8')) as Datum[];
}

/** Scans `data` from `from`; returns the complete, intact records and where the intact part ends. */
export function scanRecords(data: Buffer, segment: number, from: number): { records: RecordRef[]; end: number } {
  const records: RecordRef[] = [];
  let offset = from;
  while (offset + HEADER_BYTES <= data.length) {
    const length = data.readUInt32BE(offset);
    const end = offset + HEADER_BYTES + length;
    if (end > data.length) break;
    if (crc32(data.subarray(offset + HEADER_BYTES, end)) !== data.readUInt32BE(offset + 8)) break;
    records.push({ segment, offset, length: HEADER_BYTES + length, points: data.readUInt32BE(offset + 4) });
    offset = end;
  }
  return { records, end: offset };
}

/** A record that runs past the end of the data (or a header cut short): a write the crash interrupted. */
export function isTorn(data: Buffer, offset: number): boolean {
  return offset + HEADER_BYTES > data.length || offset + HEADER_BYTES + data.readUInt32BE(offset) > data.length;
}
