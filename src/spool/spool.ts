/**
 * The durable queue: batches a sink could not deliver, kept on disk so they survive a restart or a kill -9, replayed
 * oldest first, and never sent again once acknowledged.
 *
 * Layout of `dir`: segment files `<seq>.seg` (16 digits, appended to, a new one when the last is full) and `ack`, the
 * position (segment, byte offset) just past the last acknowledged record, replaced atomically by rename. A record is
 * `length u32 | points u32 | crc32 u32 | JSON array of Datum`. On open, a torn or corrupt record at the end of the last
 * segment (a crash mid-write) is cut off; one inside an older segment ends that segment, logged. When the spool would
 * exceed `maxBytes`, whole segments are deleted oldest first and their points counted as dropped.
 *
 * Writes go through the page cache (enough for kill -9); `fsync: true` also survives power loss, at a cost per append.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync,
  writeSync } from 'node:fs';
import { join } from 'node:path';
import { crc32 } from 'node:zlib';
import type { Datum } from '../datum.js';
import { silentLogger, type Logger } from '../log.js';

export interface SpoolOptions {
  /** Directory of the spool; created when missing. One spool per directory. */
  dir: string;
  /** Cap on the disk space of all segments, in bytes. Default 64 MiB. */
  maxBytes?: number;
  /** A segment is closed and a new one started beyond this size. Default 1 MiB (at most a quarter of maxBytes). */
  segmentBytes?: number;
  /** fsync after every append and acknowledgement. Default false. */
  fsync?: boolean;
  log?: Logger;
  /** Where drops and corrupt segments are counted (SinkTelemetry is one). Default: nowhere. */
  events?: SpoolEvents;
}

/** What the spool reports; each event is counted and logged by the receiver of it. */
export interface SpoolEvents {
  spoolDropped(points: number, detail: object): void;
  spoolCorrupt(detail: { segment: string; offset: number; bytes: number }): void;
}

const NO_EVENTS: SpoolEvents = { spoolDropped: () => undefined, spoolCorrupt: () => undefined };

export const SPOOL_DEFAULTS = { maxBytes: 64 * 1024 * 1024, segmentBytes: 1024 * 1024, fsync: false } as const;

export interface Spool {
  /** Appends a batch; returns how many points (of older batches, or this one if it alone exceeds the cap) were dropped. */
  append(points: readonly Datum[]): number;
  /** The oldest batch not yet acknowledged; the same one until `ack()`. */
  peek(): Datum[] | undefined;
  /** Acknowledges the batch `peek()` returned: it will not be returned again, not even after a restart. */
  ack(): void;
  /** Batches and points not yet acknowledged. */
  readonly batches: number;
  readonly points: number;
  /** Disk space of the segments now. */
  readonly bytes: number;
  /** Points dropped to stay within `maxBytes`, since open. */
  readonly dropped: number;
  close(): void;
}

const HEADER_BYTES = 12;
const ACK_FILE = 'ack';
const SEGMENT = /^(\d{16})\.seg$/;

interface RecordRef {
  segment: number;
  offset: number;
  length: number;
  points: number;
}

interface Position {
  segment: number;
  offset: number;
}

const segmentName = (seq: number): string => `${String(seq).padStart(16, '0')}.seg`;

export function encodeRecord(points: readonly Datum[]): Buffer {
  const payload = Buffer.from(JSON.stringify(points));
  const header = Buffer.alloc(HEADER_BYTES);
  header.writeUInt32BE(payload.length, 0);
  header.writeUInt32BE(points.length, 4);
  header.writeUInt32BE(crc32(payload), 8);
  return Buffer.concat([header, payload]);
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

export function openSpool(options: SpoolOptions): Spool {
  const { dir, log = silentLogger, events = NO_EVENTS } = options;
  const maxBytes = options.maxBytes ?? SPOOL_DEFAULTS.maxBytes;
  const segmentBytes = Math.min(options.segmentBytes ?? SPOOL_DEFAULTS.segmentBytes, Math.floor(maxBytes / 4));
  const fsync = options.fsync ?? SPOOL_DEFAULTS.fsync;
  mkdirSync(dir, { recursive: true });

  let acked = readAck(dir);
  const records: RecordRef[] = [];
  /** Size on disk of every segment file that exists, oldest first (Map keeps insertion order). */
  const segmentSizes = new Map<number, number>();
  let dropped = 0;

  const existing = readdirSync(dir).map((name) => SEGMENT.exec(name)?.[1]).filter((seq) => seq !== undefined).map(Number)
    .sort((a, b) => a - b);
  for (const [index, seq] of existing.entries()) {
    const path = join(dir, segmentName(seq));
    if (seq < acked.segment) {
      rmSync(path, { force: true });
      continue;
    }
    const data = readFileSync(path);
    const { records: found, end } = scanRecords(data, seq, seq === acked.segment ? Math.min(acked.offset, data.length) : 0);
    records.push(...found);
    let size = data.length;
    if (end < data.length) {
      const last = index === existing.length - 1;
      const detail = { segment: path, offset: end, bytes: data.length - end };
      if (last && isTorn(data, end)) log.warn(detail, 'spool: torn record at the end (crash mid-write) cut off');
      else events.spoolCorrupt(detail);
      if (last) {
        writeFileSync(path, data.subarray(0, end));
        size = end;
      }
    }
    segmentSizes.set(seq, size);
  }

  let active = existing.at(-1) ?? acked.segment;
  if (!segmentSizes.has(active)) segmentSizes.set(active, 0);
  let fd = openSync(join(dir, segmentName(active)), 'a');

  const totalBytes = (): number => [...segmentSizes.values()].reduce((sum, size) => sum + size, 0);

  function roll(): void {
    closeSync(fd);
    active += 1;
    segmentSizes.set(active, 0);
    fd = openSync(join(dir, segmentName(active)), 'a');
  }

  function deleteSegment(seq: number): void {
    rmSync(join(dir, segmentName(seq)), { force: true });
    segmentSizes.delete(seq);
  }

  function saveAck(position: Position): void {
    acked = position;
    const temporary = join(dir, `${ACK_FILE}.tmp`);
    writeFileSync(temporary, JSON.stringify(position));
    if (fsync) {
      const ackFd = openSync(temporary, 'r');
      fsyncSync(ackFd);
      closeSync(ackFd);
    }
    renameSync(temporary, join(dir, ACK_FILE));
  }

  /** Deletes the oldest segment (never the one being written) and forgets its records. */
  function dropOldestSegment(): void {
    const oldest = segmentSizes.keys().next().value;
    if (oldest === undefined || oldest === active) return;
    while (records[0] !== undefined && records[0].segment === oldest) dropped += records.shift()?.points ?? 0;
    deleteSegment(oldest);
    saveAck({ segment: oldest + 1, offset: 0 });
  }

  return {
    append(points) {
      if (points.length === 0) return 0;
      const record = encodeRecord(points);
      if (record.length > maxBytes) {
        dropped += points.length;
        events.spoolDropped(points.length, { bytes: record.length, maxBytes, reason: 'batch larger than the whole spool' });
        return points.length;
      }
      const droppedBefore = dropped;
      if ((segmentSizes.get(active) ?? 0) > 0 && (segmentSizes.get(active) ?? 0) + record.length > segmentBytes) roll();
      while (totalBytes() + record.length > maxBytes && segmentSizes.size > 1) dropOldestSegment();
      const offset = segmentSizes.get(active) ?? 0;
      writeSync(fd, record);
      if (fsync) fsyncSync(fd);
      segmentSizes.set(active, offset + record.length);
      records.push({ segment: active, offset, length: record.length, points: points.length });
      const droppedNow = dropped - droppedBefore;
      events.spoolDropped(droppedNow, { maxBytes });
      return droppedNow;
    },
    peek() {
      const head = records[0];
      if (head === undefined) return undefined;
      const buffer = Buffer.alloc(head.length - HEADER_BYTES);
      const readFd = openSync(join(dir, segmentName(head.segment)), 'r');
      try {
        readSync(readFd, buffer, 0, buffer.length, head.offset + HEADER_BYTES);
      } finally {
        closeSync(readFd);
      }
      return JSON.parse(buffer.toString('utf8')) as Datum[];
    },
    ack() {
      const head = records.shift();
      if (head === undefined) return;
      saveAck({ segment: head.segment, offset: head.offset + head.length });
      // Segments before the head's are fully acknowledged: their space is free.
      const next = records[0]?.segment ?? active;
      for (const seq of [...segmentSizes.keys()]) if (seq < next && seq !== active) deleteSegment(seq);
    },
    get batches() {
      return records.length;
    },
    get points() {
      return records.reduce((sum, record) => sum + record.points, 0);
    },
    get bytes() {
      return totalBytes();
    },
    get dropped() {
      return dropped;
    },
    close() {
      closeSync(fd);
    },
  };
}

/** A record that runs past the end of the data (or a header cut short): a write the crash interrupted. */
function isTorn(data: Buffer, offset: number): boolean {
  return offset + HEADER_BYTES > data.length || offset + HEADER_BYTES + data.readUInt32BE(offset) > data.length;
}

function readAck(dir: string): Position {
  try {
    const parsed = JSON.parse(readFileSync(join(dir, ACK_FILE), 'utf8')) as Partial<Position>;
    if (Number.isInteger(parsed.segment) && Number.isInteger(parsed.offset)) {
      return { segment: parsed.segment as number, offset: parsed.offset as number };
    }
  } catch {
    // no acknowledgement yet (or an unreadable one): start at the beginning
  }
  return { segment: 1, offset: 0 };
}

