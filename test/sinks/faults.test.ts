/**
 * The OpenTSDB sink against each way a receiver fails (test/servers/faultReceiver.ts): what arrives, how often, and
 * what the sink asked to wait. Waiting is recorded and made instant where the number of waits is what is tested.
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { Datum } from '../../src/datum.js';
import type { Logger } from '../../src/log.js';
import { BACKOFF_DEFAULTS, type Sleep } from '../../src/backoff.js';
import { FREE_REFUSALS, ISOLATION_BUDGET } from '../../src/sinks/delivery.js';
import { createOpenTsdbSink, type OpenTsdbSinkOptions } from '../../src/sinks/opentsdb.js';
import type { Sink } from '../../src/sinks/sink.js';
import { openSpool } from '../../src/spool/spool.js';
import { startFaultReceiver, type FaultReceiver } from '../servers/faultReceiver.js';
import { freshDir, waitFor } from '../servers/harness.js';

const T0 = 1_700_000_000;

function makePoints(count: number, from = 0, series = 5): Datum[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return { metric: 'rx.fault.value', timestamp: T0 + Math.floor(n / series), value: n, tags: { host: 'h1', series: `s${n % series}` } };
  });
}

function recordingLogger(): Logger & { text: () => string } {
  const lines: unknown[] = [];
  const at = (level: string) => (obj: object, msg?: string): void => { lines.push({ level, obj, msg }); };
  return { text: () => JSON.stringify(lines), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** A sleep that records what was asked and returns at the next turn of the event loop. */
function instantSleep(): { sleep: Sleep; waits: number[] } {
  const waits: number[] = [];
  return { waits, sleep: async (ms) => { waits.push(ms); await yieldToLoop(); } };
}

describe('sink against a faulty receiver', function () {
  this.timeout(20_000);
  let receiver: FaultReceiver;
  const sinks: Sink[] = [];
  const open = (options: Partial<OpenTsdbSinkOptions> = {}): Sink => {
    const sink = createOpenTsdbSink({ url: receiver.url, retry: { initialMs: 5, maxMs: 20 }, gzip: false, ...options });
    sinks.push(sink);
    return sink;
  };

  beforeEach(async () => {
    receiver = await startFaultReceiver();
  });
  afterEach(async () => {
    await Promise.all(sinks.splice(0).map((sink) => sink.close()));
    await receiver.close();
  });

  for (const fault of [
    { name: '500', mode: { kind: 'status', status: 500 } },
    { name: 'reset', mode: { kind: 'reset' } },
    { name: 'down', mode: { kind: 'down' } },
  ] as const) {
    it(`${fault.name}: retried until the receiver is back, then everything arrives once, in order`, async () => {
      await receiver.set(fault.mode);
      const sink = open({ maxBatchPoints: 20 });
      const points = makePoints(100);
      for (let i = 0; i < points.length; i += 10) sink.write(points.slice(i, i + 10));
      await waitFor('a few failed attempts', () => sink.stats().postErrors >= 3, 5_000);
      assert.equal(receiver.points.length, 0);
      await receiver.set({ kind: 'up' });
      assert.equal(await sink.flush(10_000), true);
      assert.deepEqual(receiver.points, points);
      assert.equal(receiver.duplicatePoints(), 0);
      assert.equal(sink.stats().sent, 100);
      assert.equal(sink.stats().dropped, 0);
    });
  }

  it('half-open: the request deadline ends the hung request, and the batch arrives once the receiver answers', async () => {
    await receiver.set({ kind: 'half-open' });
    const sink = open({ requestTimeoutMs: 300 });
    const points = makePoints(10);
    sink.write(points);
    await waitFor('the hung request timed out', () => sink.stats().postErrors >= 1, 5_000);
    await receiver.set({ kind: 'up' });
    assert.equal(await sink.flush(10_000), true);
    assert.deepEqual(receiver.points, points);
  });

  it('slow but within RequestTimeout: waited for, every batch stored exactly once', async () => {
    await receiver.set({ kind: 'slow', delayMs: 400 });
    const sink = open({ requestTimeoutMs: 2_000, maxBatchPoints: 10 });
    const points = makePoints(40);
    for (let i = 0; i < points.length; i += 10) sink.write(points.slice(i, i + 10));
    assert.equal(await sink.flush(15_000), true);
    assert.deepEqual(receiver.points, points);
    assert.deepEqual(receiver.batchStores(), [1, 1, 1, 1]);
    assert.equal(sink.stats().postErrors, 0);
  });

  it('refuse-everything (400): a bounded number of requests per batch, with backoff after the first few', async () => {
    await receiver.set({ kind: 'status', status: 400 });
    const { sleep, waits } = instantSleep();
    const sink = open({ sleep, maxBatchPoints: 500, retry: BACKOFF_DEFAULTS, random: () => 0.5 });
    sink.write(makePoints(500));
    assert.equal(await sink.flush(10_000), true);
    const requests = receiver.requests.length;
    assert.ok(requests <= 2 * ISOLATION_BUDGET, `${requests} requests for one batch`);
    assert.equal(sink.stats().discarded, 500, 'every refused point is counted');
    assert.equal(waits.length, requests - 1 - FREE_REFUSALS, 'every request after the free ones waited');
    assert.ok(waits.every((ms) => ms > 0 && ms <= BACKOFF_DEFAULTS.maxMs * 0.5));
  });

  it('the default backoff never waits more than 4 s: delivery resumes within 5 s of the receiver\'s return', async () => {
    await receiver.set({ kind: 'down' });
    const { sleep, waits } = instantSleep();
    const sink = open({ sleep, retry: undefined, random: () => 0.999 });
    sink.write(makePoints(5));
    await waitFor('many failed attempts', () => waits.length >= 30, 10_000);
    await receiver.set({ kind: 'up' });
    assert.equal(await sink.flush(10_000), true);
    assert.ok(Math.max(...waits) <= 4_000, `longest wait ${Math.max(...waits)} ms`);
    assert.ok((waits.at(-1) ?? 0) > 3_900, 'the cap is reached, with full jitter below it');
  });

  it('an overloaded receiver (503) gets the long curve: waits grow to a minute, so a fleet spreads out', async () => {
    await receiver.set({ kind: 'status', status: 503 });
    const { sleep, waits } = instantSleep();
    const sink = open({ sleep, retry: undefined, random: () => 0.999 });
    sink.write(makePoints(5));
    await waitFor('many refused attempts', () => waits.length >= 12, 10_000);
    await receiver.set({ kind: 'up' });
    assert.equal(await sink.flush(10_000), true);
    assert.ok(Math.max(...waits) > 30_000 && Math.max(...waits) <= 60_000, `longest wait ${Math.max(...waits)} ms`);
  });

  it('MaxSendRate charges only requests the receiver answered: refused connections do not delay the return', async () => {
    await receiver.set({ kind: 'down' });
    let clockMs = 0;
    const waits: number[] = [];
    const sleep: Sleep = async (ms) => {
      waits.push(ms);
      clockMs += ms;
      await yieldToLoop();
    };
    const sink = open({ sleep, now: () => clockMs, maxPointsPerSecond: 100, random: () => 0.5 });
    sink.write(makePoints(50));
    await waitFor('refused attempts', () => sink.stats().postErrors >= 5, 5_000);
    await receiver.set({ kind: 'up' });
    assert.equal(await sink.flush(5_000), true);
    // backoff waits only (half of 5, 10, 20, 20 … ms); a charge for the refused attempts would be 500 ms each
    assert.ok(waits.every((ms) => ms <= 10), `waits ${waits.join(',')}`);
  });

  it('a 401 body that echoes the request headers is logged cut short, without the token or the password', async () => {
    await receiver.set({ kind: 'status', status: 401, body: (headers) => `unauthorized; you sent ${JSON.stringify(headers)} ${'x'.repeat(1000)}` });
    const log = recordingLogger();
    const url = receiver.url.replace('http://', 'http://agent:s3cr3t-pw@');
    const sink = open({ url, accessToken: 'tok-abcdef123', log });
    sink.write(makePoints(3));
    await waitFor('a refused request', () => receiver.requests.length >= 1, 5_000);
    await waitFor('the failure logged', () => /sending datapoints failed/.test(log.text()), 5_000);
    const logged = log.text();
    assert.match(logged, /unauthorized/);
    for (const secret of ['s3cr3t-pw', 'tok-abcdef123', Buffer.from('agent:s3cr3t-pw').toString('base64')]) {
      assert.ok(!logged.includes(secret), `log contains ${secret}`);
    }
    assert.ok(!logged.includes('x'.repeat(300)), 'the body is cut short');
  });

  describe('with a write-ahead spool', () => {
    let dir: string;
    beforeEach(() => { dir = freshDir('fault-sink-spool'); });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('keeps every batch on disk while the receiver is down; a new sink on the reopened spool delivers them once, oldest first', async () => {
      await receiver.set({ kind: 'down' });
      let spool = openSpool({ dir });
      const first = open({ spool });
      const points = makePoints(50);
      for (let i = 0; i < 50; i += 10) first.write(points.slice(i, i + 10));
      await waitFor('a failed attempt', () => first.stats().postErrors >= 1, 5_000);
      assert.deepEqual(await first.close(), [], 'nothing handed back: it is all on disk');
      assert.equal(spool.points, 50);
      spool.close();

      await receiver.set({ kind: 'up' });
      spool = openSpool({ dir });
      assert.equal(spool.batches, 5);
      const second = open({ spool });
      assert.equal(await second.flush(10_000), true);
      assert.deepEqual(receiver.points, points);
      assert.equal(receiver.requests.filter((r) => r.status === 204).length, 1, 'the five small batches went as one request');
      assert.equal(spool.points, 0);
      await second.close();
      spool.close();
      assert.equal(openSpool({ dir }).batches, 0, 'acknowledged batches are never returned again');
    });

    it('acknowledges only what the receiver took: a batch in flight when the receiver fails is sent again, nothing else', async () => {
      const spool = openSpool({ dir });
      const sink = open({ spool });
      sink.write(makePoints(10, 0));
      assert.equal(await sink.flush(5_000), true);
      await receiver.set({ kind: 'status', status: 503 });
      sink.write(makePoints(10, 10));
      await waitFor('a failed attempt', () => sink.stats().postErrors >= 1, 5_000);
      assert.equal(spool.points, 10);
      await receiver.set({ kind: 'up' });
      assert.equal(await sink.flush(5_000), true);
      assert.deepEqual(receiver.points, makePoints(20));
      assert.equal(spool.points, 0);
      await sink.close();
      spool.close();
    });
  });
});
