/**
 * The durable queue: batches kept on disk until the receiver acknowledged them, so they survive a restart, a kill -9
 * or an OOM kill; returned oldest first, and never again once acknowledged. With `SpoolDir` set, the sink appends every
 * batch here as it leaves the pipeline (write-ahead) and acknowledges it after the receiver's 2xx.
 *
 * Layout of `dir`: segment files `<seq>.seg` (16 digits, appended to, a new one when the last is full) and `ack`, the
 * position (segment, byte offset) just past the last acknowledged record, replaced atomically by rename. Records are
 * described in record.ts. On open, a torn record at the end of the last segment (a crash mid-write) is cut off; a
 * corrupt record ends its segment (the rest is skipped and counted), so it never blocks start or replay. When the
 * spool would exceed `maxBytes`, whole segments are deleted oldest first and their points counted as dropped.
 *
 * Durability: every write reaches the page cache at once (enough for kill -9 and crashes); `sync` decides when it
 * reaches the disk (power loss): after every batch, every `syncIntervalMs`, or when the kernel likes.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync,
  writeSync } from 'node:fs';
import { join } from 'node:path';
import type { Datum } from '../datum.js';
import { silentLogger, type Logger } from '../log.js';
import { decodePayload, encodeRecord, HEADER_BYTES, isTorn, scanRecords, type RecordRef } from './record.js';

export { encodeRecord, scanRecords } from './record.js';

/** When appends and acknowledgements are forced to disk: each one, on an interval, or never (the kernel decides). */
export const SPOOL_SYNC_MODES = ['batch', 'interval', 'never'] as const;
export type SpoolSync = (typeof SPOOL_SYNC_MODES)[number];

export interface SpoolOptions {
  /** Directory of the spool; created when missing. One spool per directory. */
  dir: string;
  /** Cap on the disk space of all segments, in bytes. Default 64 MiB. */
  maxBytes?: number;
  /** A segment is closed and a new one started beyond this size. Default 1 MiB (at most a quarter of maxBytes). */
  segmentBytes?: number;
  /** Default 'interval'. */
  sync?: SpoolSync;
  /** With sync 'interval': how often. Default 1000 ms. */
  syncIntervalMs?: number;
  /**
   * Most datapoints of the newest batches kept decoded in memory, so a receiver that keeps up is fed without reading
   * the disk back; older batches are read from disk when their turn comes. Default 0.
   */
  cachePoints?: number;
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

export const SPOOL_DEFAULTS = {
  maxBytes: 64 * 1024 * 1024,
  segmentBytes: 1024 * 1024,
  sync: 'interval',
  syncIntervalMs: 1000,
} as const satisfies Partial<SpoolOptions>;

/** The oldest unacknowledged batch, with the identity `ack` takes. */
export interface SpoolBatch {
  readonly id: number;
  readonly points: Datum[];
}

export interface Spool {
  /** Appends a batch; returns how many points (of older batches, or this one if it alone exceeds the cap) were dropped. */
  append(points: readonly Datum[]): number;
  /** The oldest batch not yet acknowledged; the same one until `ack()`. */
  head(): SpoolBatch | undefined;
  /** The points of `head()`. */
  peek(): Datum[] | undefined;
  /**
   * The oldest batches, as many as fit in `maxPoints` together (always at least the head), to be sent as one request
   * and acknowledged one by one, in order.
   */
  heads(maxPoints: number): SpoolBatch[];
  /**
   * Acknowledges the head: it will not be returned again, not even after a restart. With `id`, only if the head is
   * still that batch (it may have been dropped to make room meanwhile).
   */
  ack(id?: number): void;
  /** Batches and points not yet acknowledged. */
  readonly batches: number;
  readonly points: number;
  /** Disk space of the segments now. */
  readonly bytes: number;
  /** Points dropped to stay within `maxBytes`, since open. */
  readonly dropped: number;
  /** Forces what was written so far to disk. */
  sync(): void;
  close(): void;
}

const ACK_FILE = 'ack';
const SEGMENT = /^(\d{16})\.seg$/;

interface Position {
  segment: number;
  offset: number;
}

interface Entry extends RecordRef {
  id: number;
}

const segmentName = (seq: number): string => `${String(seq).padStart(16, '0')}.seg`;

export function openSpool(options: SpoolOptions): Spool {
  const { dir, log = silentLogger, events = NO_EVENTS } = options;
  const maxBytes = options.maxBytes ?? SPOOL_DEFAULTS.maxBytes;
  const segmentBytes = Math.min(options.segmentBytes ?? SPOOL_DEFAULTS.segmentBytes, Math.floor(maxBytes / 4));
  const syncMode = options.sync ?? SPOOL_DEFAULTS.sync;
  const cacheLimit = options.cachePoints ?? 0;
  mkdirSync(dir, { recursive: true });

  let acked = readAck(dir);
  const records: Entry[] = [];
  /** Size on disk of every segment file that exists, oldest first (Map keeps insertion order). */
  const segmentSizes = new Map<number, number>();
  /** Decoded points of the newest batches, by id, oldest first. */
  const cache = new Map<number, Datum[]>();
  let cachedPoints = 0;
  let pendingPoints = 0;
  let dropped = 0;
  let nextId = 1;
  let dirty = false;
  let ackDirty = false;

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
    for (const record of found) {
      records.push({ ...record, id: nextId++ });
      pendingPoints += record.points;
    }
    let size = data.length;
    if (end < data.length) {
      const last = index === existing.length - 1;
      const detail = { segment: path, offset: end, bytes: data.length - end };
      if (last && isTorn(data, end)) log.warn(detail, 'spool: torn record at the end (crash mid-write) cut off');
      else events.spoolCorrupt(detail);
      // New records go after the last intact one: anything past a bad record could never be read back.
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
  let totalBytes = [...segmentSizes.values()].reduce((sum, size) => sum + size, 0);

  const timer = syncMode === 'interval'
    ? setInterval(() => sync(), options.syncIntervalMs ?? SPOOL_DEFAULTS.syncIntervalMs)
    : undefined;
  timer?.unref();

  function sync(): void {
    if (dirty) {
      fsyncSync(fd);
      dirty = false;
    }
    if (ackDirty) {
      const ackFd = openSync(join(dir, ACK_FILE), 'r');
      try {
        fsyncSync(ackFd);
      } finally {
        closeSync(ackFd);
      }
      ackDirty = false;
    }
  }

  function roll(): void {
    if (dirty && syncMode !== 'never') sync();
    closeSync(fd);
    active += 1;
    segmentSizes.set(active, 0);
    fd = openSync(join(dir, segmentName(active)), 'a');
  }

  function deleteSegment(seq: number): void {
    rmSync(join(dir, segmentName(seq)), { force: true });
    totalBytes -= segmentSizes.get(seq) ?? 0;
    segmentSizes.delete(seq);
  }

  function saveAck(position: Position): void {
    acked = position;
    const temporary = join(dir, `${ACK_FILE}.tmp`);
    writeFileSync(temporary, JSON.stringify(position));
    renameSync(temporary, join(dir, ACK_FILE));
    ackDirty = true;
    if (syncMode === 'batch') sync();
  }

  function forget(entry: Entry): void {
    pendingPoints -= entry.points;
    const points = cache.get(entry.id);
    if (points !== undefined) {
      cache.delete(entry.id);
      cachedPoints -= points.length;
    }
  }

  function remember(id: number, points: readonly Datum[]): void {
    if (points.length > cacheLimit) return;
    cache.set(id, [...points]);
    cachedPoints += points.length;
    for (const [oldId, old] of cache) {
      if (cachedPoints <= cacheLimit) break;
      cache.delete(oldId);
      cachedPoints -= old.length;
    }
  }

  /** Deletes the oldest segment (never the one being written) and forgets its records. */
  function dropOldestSegment(): void {
    const oldest = segmentSizes.keys().next().value;
    if (oldest === undefined || oldest === active) return;
    while (records[0] !== undefined && records[0].segment === oldest) {
      const entry = records.shift() as Entry;
      forget(entry);
      dropped += entry.points;
    }
    deleteSegment(oldest);
    saveAck({ segment: oldest + 1, offset: 0 });
  }

  function read(entry: Entry): Datum[] {
    const cached = cache.get(entry.id);
    if (cached !== undefined) return cached;
    const buffer = Buffer.alloc(entry.length - HEADER_BYTES);
    const readFd = openSync(join(dir, segmentName(entry.segment)), 'r');
    try {
      readSync(readFd, buffer, 0, buffer.length, entry.offset + HEADER_BYTES);
    } finally {
      closeSync(readFd);
    }
    return decodePayload(buffer);
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
      const activeSize = segmentSizes.get(active) ?? 0;
      if (activeSize > 0 && activeSize + record.length > segmentBytes) roll();
      while (totalBytes + record.length > maxBytes && segmentSizes.size > 1) dropOldestSegment();
      const offset = segmentSizes.get(active) ?? 0;
      writeSync(fd, record);
      dirty = true;
      if (syncMode === 'batch') sync();
      segmentSizes.set(active, offset + record.length);
      totalBytes += record.length;
      const id = nextId++;
      records.push({ segment: active, offset, length: record.length, points: points.length, id });
      pendingPoints += points.length;
      remember(id, points);
      const droppedNow = dropped - droppedBefore;
      events.spoolDropped(droppedNow, { maxBytes });
      return droppedNow;
    },
    head() {
      const entry = records[0];
      return entry === undefined ? undefined : { id: entry.id, points: read(entry) };
    },
    heads(maxPoints) {
      const found: SpoolBatch[] = [];
      let points = 0;
      for (const entry of records) {
        if (found.length > 0 && points + entry.points > maxPoints) break;
        found.push({ id: entry.id, points: read(entry) });
        points += entry.points;
      }
      return found;
    },
    peek() {
      const entry = records[0];
      return entry === undefined ? undefined : read(entry);
    },
    ack(id) {
      const entry = records[0];
      if (entry === undefined || (id !== undefined && entry.id !== id)) return;
      records.shift();
      forget(entry);
      saveAck({ segment: entry.segment, offset: entry.offset + entry.length });
      // Segments before the head's are fully acknowledged: their space is free (the Map holds them oldest first).
      const next = records[0]?.segment ?? active;
      for (const seq of segmentSizes.keys()) {
        if (seq >= next || seq === active) break;
        deleteSegment(seq);
      }
    },
    get batches() {
      return records.length;
    },
    get points() {
      return pendingPoints;
    },
    get bytes() {
      return totalBytes;
    },
    get dropped() {
      return dropped;
    },
    sync,
    close() {
      if (timer !== undefined) clearInterval(timer);
      if (syncMode !== 'never') sync();
      closeSync(fd);
    },
  };
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
