import assert from 'node:assert/strict';
import type { Datum, MetricMeta } from '../../src/datum.js';
import type { Logger } from '../../src/source.js';
import { realSleep, type Sleep } from '../../src/backoff.js';
import { createBosunSink, type BosunSinkOptions } from '../../src/sinks/bosun.js';
import { createOpenTsdbSink } from '../../src/sinks/opentsdb.js';
import type { Sink } from '../../src/sinks/sink.js';
import { waitFor } from '../servers/harness.js';
import { startBosunReceiver, type BosunReceiver } from './bosunReceiver.js';

const T0 = 1_700_000_000;

/** `count` points spread round-robin over `series` series, each series' timestamps increasing. */
function makePoints(count: number, series = 5, from = 0): Datum[] {
  return Array.from({ length: count }, (_, i) => {
    const n = from + i;
    return { metric: 'rx.test.value', timestamp: T0 + Math.floor(n / series), value: n + 0.25,
      tags: { host: 'h1', series: `s${n % series}` } };
  });
}

function writeInBatches(sink: Sink, points: readonly Datum[], size: number): void {
  for (let i = 0; i < points.length; i += size) sink.write(points.slice(i, i + size));
}

interface LogLine { level: string; obj: object; msg: string | undefined }
function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = [];
  const at = (level: string) => (obj: object, msg?: string): void => { lines.push({ level, obj, msg }); };
  return { lines, debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

const META: MetricMeta[] = [
  { metric: 'rx.test.value', rate: 'gauge', unit: 'items', desc: 'A test value.' },
  { metric: 'rx.test.count', rate: 'counter', unit: 'events', desc: 'A test count.' },
];

describe('bosun sink', () => {
  let receiver: BosunReceiver;
  const sinks: Sink[] = [];
  const open = (options: Partial<BosunSinkOptions> = {}): Sink => {
    const sink = createBosunSink({ url: receiver.url, retry: { initialMs: 5, maxMs: 20 }, ...options });
    sinks.push(sink);
    return sink;
  };
  const putRequests = (): typeof receiver.requests => receiver.requests.filter((r) => r.path === '/api/put');

  beforeEach(async () => {
    receiver = await startBosunReceiver();
  });
  afterEach(async () => {
    await Promise.all(sinks.splice(0).map((sink) => sink.close()));
    await receiver.close();
  });

  it('posts gzip JSON arrays of at most maxBatchPoints, with basic auth and the access token', async () => {
    const url = receiver.url.replace('http://', 'http://collector:pa%3Ass@');
    const log = recordingLogger();
    const sink = open({ url, accessToken: 'tok-123', maxBatchPoints: 10, log });
    receiver.failNext(1, 503);
    const points = makePoints(27);
    writeInBatches(sink, points, 9);
    assert.equal(await sink.flush(5000), true);

    assert.deepEqual(receiver.points, points);
    const puts = putRequests();
    assert.ok(puts.length >= 3);
    assert.equal(puts[0]?.status, 503);
    for (const request of puts.slice(1)) assert.equal(request.status, 204);
    for (const request of puts) {
      assert.ok(request.items <= 10, `request of ${request.items} points`);
      assert.equal(request.headers['content-encoding'], 'gzip');
      assert.equal(request.headers['content-type'], 'application/json');
      assert.equal(request.headers.authorization, `Basic ${Buffer.from('collector:pa:ss').toString('base64')}`);
      assert.equal(request.headers['x-access-token'], 'tok-123');
    }
    const stats = sink.stats();
    assert.equal(stats.sent, 27);
    assert.equal(stats.queued, 0);
    assert.equal(stats.posts, puts.length);
    assert.equal(stats.postErrors, 1);
    assert.equal(stats.postBytes, puts.reduce((sum, r) => sum + r.bytes, 0));
    assert.equal(stats.lastBatchPoints, puts.at(-1)?.items);
    assert.ok(stats.postDurationMs > 0);
    // The failure was logged, with the receiver's address but without the secrets.
    const logged = JSON.stringify(log.lines);
    assert.match(logged, /sending datapoints failed/);
    assert.match(logged, new RegExp(receiver.url.replace('http://', '')));
    for (const secret of ['pa:ss', 'pa%3Ass', 'tok-123', Buffer.from('collector:pa:ss').toString('base64')]) {
      assert.ok(!logged.includes(secret), `log contains ${secret}`);
    }
  });

  it('sends plain JSON when gzip is off', async () => {
    const sink = open({ gzip: false });
    const points = makePoints(5);
    sink.write(points);
    assert.equal(await sink.flush(5000), true);
    assert.deepEqual(receiver.points, points);
    assert.equal(putRequests()[0]?.headers['content-encoding'], undefined);
  });

  it('paces requests to maxPointsPerSecond: the queue absorbs the rest and nothing is lost', async () => {
    let clockMs = 0;
    const waits: number[] = [];
    // A virtual clock that only the sink's waits advance: the pacing is exact and the test takes no real time.
    const sleep: Sleep = (ms) => {
      waits.push(ms);
      clockMs += ms;
      return Promise.resolve();
    };
    const sink = open({ maxBatchPoints: 50, maxPointsPerSecond: 100, sleep, now: () => clockMs });
    const points = makePoints(200);
    writeInBatches(sink, points, 200);
    assert.equal(await sink.flush(5000), true);
    assert.deepEqual(receiver.points, points);
    // 4 requests of 50 points at 100 points/s: each after the first waits half a second.
    assert.equal(putRequests().length, 4);
    assert.deepEqual(waits, [500, 500, 500]);
  });

  it('keeps the order across 5xx answers and dropped connections, backing off with full jitter', async () => {
    const delays: number[] = [];
    const sleep: Sleep = (ms, signal) => {
      delays.push(ms);
      return realSleep(ms, signal);
    };
    const sink = open({ maxBatchPoints: 25, retry: { initialMs: 8, maxMs: 20 }, random: () => 0.5, sleep });
    receiver.dropNext(2);
    receiver.failNext(3, 503);
    const points = makePoints(200);
    writeInBatches(sink, points, 20);
    assert.equal(await sink.flush(10_000), true);

    assert.deepEqual(receiver.points, points);
    assert.deepEqual(receiver.requests.slice(0, 6).map((r) => r.status), [0, 0, 503, 503, 503, 204]);
    // 0.5 × min(20, 8 × 2^(n-1)) for the five consecutive failures
    assert.deepEqual(delays, [4, 8, 10, 10, 10]);
    const stats = sink.stats();
    assert.equal(stats.sent, 200);
    assert.equal(stats.postErrors, 5);
    assert.equal(stats.posts, receiver.requests.length);
    assert.equal(stats.dropped + stats.discarded, 0);
  });

  it('retries 429 and 500 like any outage', async () => {
    const sink = open();
    receiver.failNext(1, 429);
    sink.write(makePoints(3));
    assert.equal(await sink.flush(5000), true);
    receiver.failNext(1, 500);
    sink.write(makePoints(3, 5, 3));
    assert.equal(await sink.flush(5000), true);
    assert.deepEqual(receiver.points, makePoints(6));
    assert.deepEqual(receiver.requests.map((r) => r.status), [429, 204, 500, 204]);
  });

  it('gives up on a request after requestTimeoutMs and sends it again', async () => {
    const sink = open({ requestTimeoutMs: 100 });
    receiver.delayPuts(400);
    const points = makePoints(8);
    sink.write(points);
    await waitFor('a timed-out request', () => sink.stats().postErrors >= 1, 5000, 5);
    receiver.delayPuts(0);
    assert.equal(await sink.flush(5000), true);
    // The receiver may still have stored the slow request (at-least-once); whatever it stored is in order and complete.
    const distinct = [...new Map(receiver.points.map((p) => [JSON.stringify(p), p])).values()];
    assert.deepEqual(distinct, points);
    assert.equal(sink.stats().sent, 8);
  });

  it('drops the oldest points when the queue is full, counting each and logging once', async () => {
    const log = recordingLogger();
    const sink = open({ maxQueuePoints: 10, maxBatchPoints: 5, log });
    receiver.failNext(Number.MAX_SAFE_INTEGER);
    const points = makePoints(35);
    sink.write(points.slice(0, 5));
    await waitFor('the first batch to be in flight', () => receiver.requests.length > 0, 5000, 5);
    for (const point of points.slice(5)) sink.write([point]);
    assert.equal(sink.stats().dropped, 20);
    assert.equal(sink.stats().queued, 15);

    receiver.failNext(0);
    assert.equal(await sink.flush(5000), true);
    // The batch in flight is kept; of the 30 behind it only the newest 10 fit.
    assert.deepEqual(receiver.points, [...points.slice(0, 5), ...points.slice(25)]);
    const stats = sink.stats();
    assert.equal(stats.sent, 15);
    assert.equal(stats.dropped, 20);
    assert.equal(receiver.points.length + stats.dropped + stats.discarded, points.length);
    const dropLines = log.lines.filter((line) => line.msg?.includes('dropped'));
    assert.equal(dropLines.length, 1);
    assert.equal(dropLines[0]?.level, 'warn');
  });

  it('bisects a refused batch: only the bad point is discarded, the rest delivered in order', async () => {
    const log = recordingLogger();
    const sink = open({ maxBatchPoints: 16, log });
    receiver.refuseMetric('rx.test.unknown');
    const points = makePoints(16);
    points[11] = { ...points[11], metric: 'rx.test.unknown' };
    sink.write(points);
    assert.equal(await sink.flush(5000), true);

    assert.deepEqual(receiver.points, points.filter((_, i) => i !== 11));
    const stats = sink.stats();
    assert.equal(stats.discarded, 1);
    assert.equal(stats.sent, 15);
    assert.equal(receiver.points.length + stats.dropped + stats.discarded, points.length);
    // Halves are sent in order, each refused half split again before anything after it: [0-15] [0-7] [8-15] [8-11]
    // [8-9] [10-11] [10] [11] [12-15].
    assert.deepEqual(putRequests().map((r) => `${r.items}:${r.status}`),
      ['16:400', '8:204', '8:400', '4:400', '2:204', '2:400', '1:204', '1:400', '4:204']);
    const discardLines = log.lines.filter((line) => line.msg?.includes('refused'));
    assert.equal(discardLines.length, 1);
    assert.equal((discardLines[0]?.obj as { metric?: string }).metric, 'rx.test.unknown');
  });

  it('after a 400 drops locally invalid points and cleans what can be cleaned, without bisecting', async () => {
    const sink = open({ maxBatchPoints: 10 });
    const points = makePoints(10);
    points[3] = { ...points[3], value: Number.NaN };
    points[6] = { ...points[6], tags: { host: 'h1', series: 'with space' } };
    sink.write(points);
    assert.equal(await sink.flush(5000), true);

    const expected = points.filter((_, i) => i !== 3).map((p) => (p.tags.series === 'with space' ? { ...p, tags: { host: 'h1', series: 'with_space' } } : p));
    assert.deepEqual(receiver.points, expected);
    assert.deepEqual(putRequests().map((r) => r.status), [400, 204]);
    assert.equal(sink.stats().discarded, 1);
    assert.equal(sink.stats().sent, 9);
  });

  it('flush answers false at its deadline; close returns what is still queued, oldest first', async () => {
    const sink = open({ maxBatchPoints: 10 });
    receiver.failNext(Number.MAX_SAFE_INTEGER);
    const points = makePoints(30);
    writeInBatches(sink, points, 10);
    const started = Date.now();
    assert.equal(await sink.flush(200), false);
    assert.ok(Date.now() - started >= 190);
    const rest = await sink.close();
    assert.deepEqual(rest, points);
    assert.equal(sink.stats().sent, 0);
    sink.write(makePoints(4));
    assert.equal(sink.stats().dropped, 4);
  });

  describe('metadata', () => {
    it('is sent as {Metric, Name, Value} entries as soon as it is known', async () => {
      const sink = open();
      sink.writeMetadata(META);
      await waitFor('metadata', () => receiver.metadataPosts.length === 1, 5000, 5);
      assert.deepEqual(receiver.metadataPosts[0], [
        { Metric: 'rx.test.count', Name: 'rate', Value: 'counter' },
        { Metric: 'rx.test.count', Name: 'unit', Value: 'events' },
        { Metric: 'rx.test.count', Name: 'desc', Value: 'A test count.' },
        { Metric: 'rx.test.value', Name: 'rate', Value: 'gauge' },
        { Metric: 'rx.test.value', Name: 'unit', Value: 'items' },
        { Metric: 'rx.test.value', Name: 'desc', Value: 'A test value.' },
      ]);
      const request = receiver.requests.find((r) => r.path === '/api/metadata/put');
      assert.equal(request?.headers['content-type'], 'application/json');
    });

    it('is re-sent when the set changes, not when the same set is written again', async () => {
      const sink = open();
      sink.writeMetadata(META);
      await waitFor('first metadata', () => receiver.metadataPosts.length === 1, 5000, 5);
      sink.writeMetadata([...META].reverse());
      await new Promise((resolve) => setTimeout(resolve, 150));
      assert.equal(receiver.metadataPosts.length, 1);
      sink.writeMetadata([...META, { metric: 'rx.test.new', rate: 'rate', unit: 'per_second', desc: 'New.' }]);
      await waitFor('changed metadata', () => receiver.metadataPosts.length === 2, 5000, 5);
      assert.deepEqual(receiver.metadataPosts[1]?.filter((e) => e.Metric === 'rx.test.new').map((e) => e.Value), ['rate', 'per_second', 'New.']);
    });

    it('is re-sent every metadataIntervalMs', async () => {
      const sink = open({ metadataIntervalMs: 100 });
      sink.writeMetadata(META);
      await waitFor('three metadata posts', () => receiver.metadataPosts.length >= 3, 5000, 5);
      assert.deepEqual(receiver.metadataPosts[2], receiver.metadataPosts[0]);
    });

    it('is retried after failures', async () => {
      const sink = open();
      receiver.failNextMetadata(2, 502);
      sink.writeMetadata(META);
      await waitFor('metadata after two failures', () => receiver.metadataPosts.length === 1, 5000, 5);
      const statuses = receiver.requests.filter((r) => r.path === '/api/metadata/put').map((r) => r.status);
      assert.deepEqual(statuses, [502, 502, 204]);
      assert.equal(sink.stats().postErrors, 2);
    });

    it('never delays datapoints', async () => {
      const sink = open();
      receiver.delayMetadata(3000);
      sink.writeMetadata(META);
      await waitFor('metadata request to arrive', () => receiver.requests.some((r) => r.path === '/api/metadata/put'), 5000, 5);
      const points = makePoints(50);
      writeInBatches(sink, points, 10);
      const started = Date.now();
      assert.equal(await sink.flush(1000), true);
      assert.ok(Date.now() - started < 1000);
      assert.deepEqual(receiver.points, points);
      assert.equal(receiver.metadataPosts.length, 0);
      // close aborts the slow metadata request instead of waiting for it
      const closing = Date.now();
      await sink.close();
      assert.ok(Date.now() - closing < 1000);
    });
  });

  describe('opentsdb sink', () => {
    it('sends datapoints to /api/put and no metadata', async () => {
      const sink = createOpenTsdbSink({ url: receiver.url.replace('http://', '') });
      sinks.push(sink);
      assert.equal(sink.name, 'opentsdb');
      sink.writeMetadata(META);
      const points = makePoints(12);
      sink.write(points);
      assert.equal(await sink.flush(5000), true);
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.deepEqual(receiver.points, points);
      assert.deepEqual(receiver.requests.map((r) => r.path), ['/api/put']);
    });
  });
});
