import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { appendFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Datum } from '../../src/datum.js';
import { encodeRecord, openSpool } from '../../src/spool/spool.js';
import { freshDir } from '../servers/harness.js';

const batch = (n: number, size = 3): Datum[] =>
  Array.from({ length: size }, (_, i) => ({ metric: 'spool.test', timestamp: 1_700_000_000 + n, value: n * 10 + i, tags: { host: 'h', n: String(n) } }));
const HEADER = 12;
const segments = (dir: string): string[] => readdirSync(dir).filter((name) => name.endsWith('.seg')).sort();

describe('spool', () => {
  let dir: string;
  let spoolCount = 0;
  beforeEach(() => {
    spoolCount += 1;
    dir = freshDir(`spool-test-${spoolCount}`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('returns batches oldest first and each until acknowledged', () => {
    const spool = openSpool({ dir });
    assert.equal(spool.peek(), undefined);
    for (let n = 0; n < 4; n += 1) assert.equal(spool.append(batch(n)), 0);
    assert.equal(spool.batches, 4);
    assert.equal(spool.points, 12);
    assert.deepEqual(spool.peek(), batch(0));
    assert.deepEqual(spool.peek(), batch(0));
    spool.ack();
    assert.deepEqual(spool.peek(), batch(1));
    spool.close();
  });

  it('keeps what was not acknowledged across a restart, and nothing that was', () => {
    let spool = openSpool({ dir });
    for (let n = 0; n < 5; n += 1) spool.append(batch(n));
    spool.ack();
    spool.ack();
    spool.close();

    spool = openSpool({ dir });
    assert.equal(spool.batches, 3);
    assert.deepEqual(spool.peek(), batch(2));
    spool.append(batch(5));
    spool.ack();
    spool.close();

    spool = openSpool({ dir });
    const left: Datum[][] = [];
    for (let next = spool.peek(); next !== undefined; next = spool.peek()) {
      left.push(next);
      spool.ack();
    }
    assert.deepEqual(left, [batch(3), batch(4), batch(5)]);
    spool.close();
  });

  it('cuts off a torn last record and keeps appending after it', () => {
    const warnings: string[] = [];
    const log = { debug: () => undefined, info: () => undefined, error: () => undefined,
      warn: (_obj: object, msg?: string) => { warnings.push(msg ?? ''); } };
    let spool = openSpool({ dir });
    for (let n = 0; n < 3; n += 1) spool.append(batch(n));
    spool.close();
    const [file] = segments(dir);
    const path = join(dir, String(file));
    const whole = statSync(path).size;
    // A crash mid-write: half of a fourth record made it to disk.
    const torn = encodeRecord(batch(3));
    appendFileSync(path, torn.subarray(0, Math.floor(torn.length / 2)));

    spool = openSpool({ dir, log });
    assert.equal(spool.batches, 3);
    assert.equal(statSync(path).size, whole);
    assert.match(warnings.join('\n'), /torn record/);
    spool.append(batch(4));
    spool.close();

    spool = openSpool({ dir });
    assert.equal(spool.batches, 4);
    for (const n of [0, 1, 2]) {
      assert.deepEqual(spool.peek(), batch(n));
      spool.ack();
    }
    assert.deepEqual(spool.peek(), batch(4));
    spool.close();
  });

  it('detects a corrupted record by its checksum', () => {
    let spool = openSpool({ dir });
    for (let n = 0; n < 3; n += 1) spool.append(batch(n));
    spool.close();
    const path = join(dir, String(segments(dir)[0]));
    const data = readFileSync(path);
    const second = encodeRecord(batch(0)).length;
    data[second + 20] = (data[second + 20] ?? 0) ^ 0xff; // a byte inside the second record's JSON
    writeFileSync(path, data);
    spool = openSpool({ dir });
    assert.equal(spool.batches, 1);
    assert.deepEqual(spool.peek(), batch(0));
    spool.close();
  });

  it('skips a corrupt older segment from the bad record on, counts it, and replays the rest', () => {
    const record = encodeRecord(batch(5)).length;
    let spool = openSpool({ dir, segmentBytes: record * 2 });
    for (let n = 0; n < 6; n += 1) spool.append(batch(n));
    spool.close();
    assert.equal(segments(dir).length, 3);
    const path = join(dir, String(segments(dir)[0]));
    const data = readFileSync(path);
    data[HEADER + 5] = (data[HEADER + 5] ?? 0) ^ 0xff; // inside the first record of the oldest segment
    writeFileSync(path, data);
    const corrupt: object[] = [];
    const events = { spoolDropped: () => undefined, spoolCorrupt: (detail: object) => { corrupt.push(detail); } };
    spool = openSpool({ dir, events, segmentBytes: record * 2 });
    assert.equal(corrupt.length, 1);
    assert.equal(spool.batches, 4);
    for (const n of [2, 3, 4, 5]) {
      assert.deepEqual(spool.peek(), batch(n));
      spool.ack();
    }
    spool.close();
  });

  it('stays within maxBytes by dropping the oldest segments, counting every point', () => {
    const record = encodeRecord(batch(0, 10)).length;
    const spool = openSpool({ dir, maxBytes: record * 20, segmentBytes: record * 4 });
    let appended = 0;
    let dropped = 0;
    for (let n = 0; n < 100; n += 1) {
      dropped += spool.append(batch(n, 10));
      appended += 10;
      assert.ok(spool.bytes <= record * 20, `spool at ${spool.bytes} bytes`);
    }
    assert.ok(dropped > 0);
    assert.equal(spool.dropped, dropped);
    assert.equal(spool.points + dropped, appended);
    assert.deepEqual(spool.peek()?.[0]?.tags.n, String(appended / 10 - spool.batches));
    const onDisk = segments(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
    assert.equal(onDisk, spool.bytes);
    spool.close();
  });

  it('frees segments once they are acknowledged', () => {
    const record = encodeRecord(batch(5)).length; // batches 1-9 encode to this size, batch 0 a little smaller
    const spool = openSpool({ dir, maxBytes: record * 100, segmentBytes: record * 2 });
    for (let n = 0; n < 10; n += 1) spool.append(batch(n));
    assert.equal(segments(dir).length, 5);
    for (let n = 0; n < 6; n += 1) spool.ack();
    assert.equal(segments(dir).length, 2);
    assert.deepEqual(spool.peek(), batch(6));
    spool.close();
  });

  it('survives kill -9 of the writing process', async function () {
    this.timeout(20_000);
    const child = join(import.meta.dirname, 'spoolChild.ts');
    const signal = await new Promise<string | null>((resolve) => {
      execFile(process.execPath, ['--import', 'tsx', child, dir, '50', '20'], (error) => {
        resolve((error as (Error & { signal?: string }) | null)?.signal ?? null);
      });
    });
    assert.equal(signal, 'SIGKILL');
    const spool = openSpool({ dir });
    assert.equal(spool.batches, 30);
    assert.equal(spool.peek()?.[0]?.value, 20);
    spool.close();
  });
});
