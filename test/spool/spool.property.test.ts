/**
 * Properties of the spool under random use: appends, acknowledgements, reopening, torn tails and kill -9 at random
 * points. Never is an acknowledged batch returned again, never is a batch lost that was appended and not acknowledged.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { appendFileSync, readdirSync, rmSync, statSync, truncateSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import fc from 'fast-check';
import type { Datum } from '../../src/datum.js';
import { encodeRecord, openSpool } from '../../src/spool/spool.js';
import { freshDir } from '../servers/harness.js';

const batch = (n: number, size: number): Datum[] =>
  Array.from({ length: size }, (_, i) => ({ metric: 'spool.prop', timestamp: 1_700_000_000 + n, value: n, tags: { host: 'h', i: String(i) } }));
const firstValues = (dir: string): number[] => {
  const spool = openSpool({ dir });
  const values: number[] = [];
  for (let head = spool.head(); head !== undefined; head = spool.head()) {
    values.push(Number(head.points[0]?.value));
    spool.ack(head.id);
  }
  spool.close();
  return values;
};
const lastSegment = (dir: string): string => join(dir, readdirSync(dir).filter((name) => name.endsWith('.seg')).sort().at(-1) ?? '');

type Op = { op: 'append'; size: number } | { op: 'ack' } | { op: 'reopen' };

describe('spool properties', function () {
  this.timeout(120_000);
  let dir: string;
  let runs = 0;
  beforeEach(() => {
    runs += 1;
    dir = freshDir(`spool-prop-${runs}`);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('behaves as a FIFO queue across random appends, acks and reopens', () => {
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ op: fc.constant('append' as const), size: fc.integer({ min: 1, max: 30 }) }),
      fc.constant({ op: 'ack' as const }),
      fc.constant({ op: 'reopen' as const }),
    );
    fc.assert(fc.property(fc.array(op, { maxLength: 60 }), fc.integer({ min: 256, max: 8192 }), (ops, segmentBytes) => {
      rmSync(dir, { recursive: true, force: true });
      let spool = openSpool({ dir, segmentBytes, sync: 'never' });
      const model: number[][] = [];
      let n = 0;
      for (const step of ops) {
        if (step.op === 'append') {
          spool.append(batch(n, step.size));
          model.push([n, step.size]);
          n += 1;
        } else if (step.op === 'ack') {
          spool.ack();
          model.shift();
        } else {
          spool.close();
          spool = openSpool({ dir, segmentBytes, sync: 'never' });
        }
        assert.equal(spool.batches, model.length);
        assert.equal(spool.points, model.reduce((sum, [, size]) => sum + (size ?? 0), 0));
        const head = model[0];
        assert.deepEqual(spool.peek(), head === undefined ? undefined : batch(head[0] ?? 0, head[1] ?? 0));
      }
      spool.close();
      assert.deepEqual(firstValues(dir), model.map(([value]) => value));
    }), { numRuns: 60 });
  });

  it('a torn tail loses only the record being written; appends after it are read back', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 15 }), fc.nat(), fc.double({ min: 0.01, max: 0.99, noNaN: true }),
      (sizes, ackSeed, cutAt) => {
        rmSync(dir, { recursive: true, force: true });
        let spool = openSpool({ dir, sync: 'never' });
        sizes.forEach((size, n) => spool.append(batch(n, size)));
        const acks = ackSeed % sizes.length;
        for (let i = 0; i < acks; i += 1) spool.ack();
        spool.close();
        // the crash: the last record only partly on disk, or garbage after it
        const path = lastSegment(dir);
        const last = encodeRecord(batch(sizes.length - 1, sizes.at(-1) ?? 1)).length;
        const torn = cutAt < 0.5;
        if (torn) truncateSync(path, statSync(path).size - Math.max(1, Math.floor(last * cutAt * 2)));
        else appendFileSync(path, Buffer.from([0, 0, 0, 200, 1, 2]));
        const expected = sizes.map((_, n) => n).slice(acks, torn ? -1 : undefined);
        spool = openSpool({ dir, sync: 'never' });
        assert.equal(spool.batches, torn && acks === sizes.length ? 0 : expected.length);
        spool.append(batch(100, 2));
        spool.close();
        assert.deepEqual(firstValues(dir), [...expected, 100]);
      }), { numRuns: 60 });
  });

  it('kill -9 at random points: nothing acknowledged comes back, nothing appended and unacknowledged is lost', async () => {
    const writer = join(import.meta.dirname, 'spoolWriter.ts');
    await fc.assert(fc.asyncProperty(fc.integer({ min: 0, max: 400 }), fc.double({ min: 0, max: 0.6, noNaN: true }), fc.nat(),
      async (killAfterMs, ackProbability, seed) => {
        rmSync(dir, { recursive: true, force: true });
        let appended = -1;
        let acked = -1;
        // two lives: killed, then restarted on the same spool and killed again (numbering on where the first stopped)
        for (let life = 0; life < 2; life += 1) {
          const child = spawn(process.execPath,
            ['--import', 'tsx', writer, dir, String(ackProbability), String(seed + life), String(appended + 1)],
            { stdio: ['ignore', 'pipe', 'inherit'] });
          let out = '';
          child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString(); });
          const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
          while (!out.includes('ready\n')) await sleep(5);
          await sleep(killAfterMs);
          child.kill('SIGKILL');
          await exited;
          for (const line of out.split('\n')) {
            const [kind, value] = line.split(' ');
            if (kind === 'a') appended = Math.max(appended, Number(value));
            if (kind === 'k') acked = Math.max(acked, Number(value));
          }
        }
        const left = firstValues(dir);
        left.forEach((value, index) => assert.equal(value, (left[0] ?? 0) + index, `consecutive: ${left.join(',')}`));
        const first = left[0] ?? appended + 1;
        assert.ok(first > acked, `batch ${acked} was acknowledged, yet ${first} came back`);
        // one acknowledgement may have completed without its line being written
        assert.ok(first <= acked + 2, `batches ${acked + 1}..${first - 1} were lost`);
        const last = left.at(-1) ?? first - 1;
        assert.ok(last >= appended, `appended batch ${appended} lost (last is ${last})`);
        // the first life acknowledging everything before its kill (killed at once, many acks) once numbered the second
        // life's batches from 0 again
      }), { numRuns: 8, examples: [[0, 0.5599016980777506, 8]] });
  });
});
