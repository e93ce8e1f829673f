/**
 * The Mongo source through the real `mongodb` driver, against the wire-protocol stand-in (no MongoDB server can run on
 * these machines). The stand-in serves the fixtures in test/fixtures/mongo/; expectations are computed from them.
 */
import { deepStrictEqual, match, ok, rejects, strictEqual } from 'node:assert/strict';
import { firstValueFrom, lastValueFrom, defaultIfEmpty, range, concatMap, toArray } from 'rxjs';
import type { Datum } from '../../../src/datum.js';
import { circuitBreaker, type BreakerChange } from '../../../src/operators/circuitBreaker.js';
import { ReadingTimeoutError, timeoutEach } from '../../../src/operators/timeoutEach.js';
import type { Source, Logger } from '../../../src/source.js';
import { createMongoSource, METRICS, type MongoOptions } from '../../../src/sources/mongo/index.js';
import { waitFor } from '../../servers/harness.js';
import { loadFixture, memberDown, memberState } from '../../servers/mongo/documents.js';
import { startMongoStandIn, type MongoStandIn, type Role } from '../../servers/mongo/standIn.js';
import { countingContext } from '../../helpers/skips.js';

interface Logged {
  level: string;
  message: string;
}

function recordingLogger(): { log: Logger; lines: Logged[] } {
  const lines: Logged[] = [];
  const keep = (level: string) => (_obj: object, message = ''): void => {
    lines.push({ level, message });
  };
  return { lines, log: { debug: keep('debug'), info: keep('info'), warn: keep('warn'), error: keep('error') } };
}

function byMetric(points: readonly Datum[], match: Record<string, string> = {}): Map<string, number> {
  const found = new Map<string, number>();
  for (const point of points) {
    if (Object.entries(match).every(([key, value]) => point.tags[key] === value)) found.set(point.metric, point.value);
  }
  return found;
}

const read = (source: Source): Promise<Datum[]> => firstValueFrom(source.collect());
const count = (standIn: MongoStandIn, command: string): number => standIn.received.filter((name) => name === command).length;

describe('mongo source (real driver, wire-protocol stand-in)', () => {
  const standIns: MongoStandIn[] = [];
  const sources: Source[] = [];

  async function setUp(role: Role, options: Partial<MongoOptions> = {}, log?: Logger): Promise<{ standIn: MongoStandIn; source: Source; skipped: () => number }> {
    const standIn = await startMongoStandIn({ role });
    standIns.push(standIn);
    const counted = countingContext(log);
    const source = createMongoSource({ uri: standIn.url, name: 'main', connectTimeoutMs: 2000, ...options }, counted);
    sources.push(source);
    return { standIn, source, skipped: () => counted.skipped };
  }

  afterEach(async () => {
    await Promise.all(sources.splice(0).map((source) => source.close?.() ?? Promise.resolve()));
    await Promise.all(standIns.splice(0).map((standIn) => standIn.stop()));
  });

  it('reads a primary: serverStatus, replica set, per-member and oplog window metrics with the documents\' values', async () => {
    const { source, skipped } = await setUp('primary');
    const points = await read(source);
    const server = byMetric(points, { version: '7.0.14', process: 'mongod', name: 'main' });
    strictEqual(server.get('mongo.opcounters.query'), 3_000_000_123);
    strictEqual(server.get('mongo.connections.current'), 47);
    strictEqual(server.get('mongo.wiredtiger.cache.max_bytes'), 4294967296);
    const set = byMetric(points, { replicaset: 'rs0', name: 'main' });
    strictEqual(set.get('mongo.replicasets.members.mystate'), 1);
    deepStrictEqual([set.get('mongo.replicasets.oplog_lag.min'), set.get('mongo.replicasets.oplog_lag.avg'), set.get('mongo.replicasets.oplog_lag.max')], [2000, 4500, 7000]);
    strictEqual(set.get('mongo.replicasets.oplog.window'), 2 * 86400 + 3600);
    strictEqual(byMetric(points, { member: 'mongo-c_27017' }).get('mongo.replicasets.members.heartbeat_latency'), 350);
    const expected = METRICS.map((meta) => meta.metric).filter((metric) => !metric.startsWith('mongo.balancer.'));
    deepStrictEqual(new Set(points.map((point) => point.metric)), new Set(expected));
    strictEqual(skipped(), 0);
  });

  it('sends no oplog lag for a primary without secondaries', async () => {
    const { standIn, source } = await setUp('primary');
    standIn.behaviour.replSetGetStatus = loadFixture('replSetGetStatus-alone');
    const points = await read(source);
    strictEqual(byMetric(points, { replicaset: 'rs1' }).get('mongo.replicasets.members.mystate'), 1);
    strictEqual(points.some((point) => point.metric.startsWith('mongo.replicasets.oplog_lag.')), false);
  });

  it('follows a member going down, recovering and being elected across readings, on one reused client', async () => {
    const { standIn, source } = await setUp('primary');
    const healthy = standIn.behaviour.replSetGetStatus;
    const c = { member: 'mongo-c_27017' };

    standIn.behaviour.replSetGetStatus = memberDown(healthy, 'mongo-c:27017');
    let points = await read(source);
    deepStrictEqual([byMetric(points, c).get('mongo.replicasets.members.health'), byMetric(points, c).get('mongo.replicasets.members.state')], [0, 8]);
    strictEqual(byMetric(points).get('mongo.replicasets.oplog_lag.max'), 2000);

    standIn.behaviour.replSetGetStatus = memberState(healthy, 'mongo-c:27017', 3);
    points = await read(source);
    strictEqual(byMetric(points, { ...c, state: 'RECOVERING' }).get('mongo.replicasets.members.lag'), 7000);

    const elected = new Date(Date.parse('2026-11-25T12:00:01Z'));
    standIn.behaviour.replSetGetStatus = memberState(healthy, 'mongo-c:27017', 1, elected);
    standIn.behaviour.role = 'secondary';
    points = await read(source);
    strictEqual(byMetric(points).get('mongo.replicasets.members.mystate'), 2);
    strictEqual(byMetric(points, { member: 'mongo-a_27017', state: 'SECONDARY' }).get('mongo.replicasets.members.lag'), 1000);
    strictEqual(points.some((point) => point.metric.startsWith('mongo.replicasets.oplog_lag.')), false);
    // The client is reused: one handshake for the monitor, one for the pool, not one per reading.
    strictEqual(standIn.acceptedConnections(), 2);
  });

  it('on a standalone sends serverStatus only and logs the missing replica set once', async () => {
    const { lines, log } = recordingLogger();
    const { standIn, source } = await setUp('standalone', {}, log);
    const first = await read(source);
    const second = await read(source);
    for (const points of [first, second]) {
      strictEqual(byMetric(points).get('mongo.connections.available'), 51153);
      strictEqual(points.some((point) => point.metric.startsWith('mongo.replicasets.')), false);
    }
    strictEqual(count(standIn, 'replSetGetStatus'), 2);
    strictEqual(lines.filter((line) => line.message.startsWith('replSetGetStatus not available')).length, 1);
  });

  it('on a mongos sends the balancer and no replica set metrics', async () => {
    const { standIn, source } = await setUp('mongos');
    const points = await read(source);
    deepStrictEqual(Object.fromEntries([...byMetric(points, { name: 'main' }).entries()].filter(([metric]) => metric.startsWith('mongo.balancer.'))), {
      'mongo.balancer.mode': 2, 'mongo.balancer.in_round': 0, 'mongo.balancer.rounds': 1931,
    });
    strictEqual(byMetric(points, { process: 'mongos' }).get('mongo.connections.current'), 112);
    strictEqual(points.some((point) => point.metric.startsWith('mongo.replicasets.')), false);
    strictEqual(count(standIn, 'replSetGetStatus'), 0);

    standIn.behaviour.balancerStatus = { ...standIn.behaviour.balancerStatus, mode: 'off', inBalancerRound: true };
    const next = byMetric(await read(source));
    deepStrictEqual([next.get('mongo.balancer.mode'), next.get('mongo.balancer.in_round')], [0, 1]);
  });

  it('fails the reading with the server\'s message on ok: 0, and reads again once the server answers', async () => {
    const { standIn, source } = await setUp('primary');
    standIn.behaviour.errors.set('serverStatus', { code: 13, codeName: 'Unauthorized', errmsg: 'not authorized on admin to execute command { serverStatus: 1 }' });
    await rejects(read(source), /not authorized on admin/);
    standIn.behaviour.errors.clear();
    strictEqual(byMetric(await read(source)).get('mongo.connections.current'), 47);
  });

  it('fails the reading when the connection drops and reconnects for the next one', async () => {
    const { standIn, source } = await setUp('primary');
    standIn.behaviour.drop.add('serverStatus');
    await rejects(read(source));
    standIn.behaviour.drop.clear();
    strictEqual(byMetric(await read(source)).get('mongo.connections.current'), 47);
  });

  it('reports an authentication failure clearly, and the breaker stops asking after the threshold', async () => {
    const { standIn, source } = await setUp('primary', { user: 'collector', password: 'wrong' });
    standIn.behaviour.authFailure = true;
    await rejects(read(source), /mongo\.main: authentication failed for user "collector" \(check User, Password or PasswordFile/);
    const attemptsPerReading = count(standIn, 'saslStart');
    ok(attemptsPerReading >= 1);

    const changes: BreakerChange[] = [];
    const breaker = circuitBreaker<Datum[]>({ failureThreshold: 2, cooldownMs: 60_000, onStateChange: (change) => changes.push(change) });
    const emitted = await lastValueFrom(range(0, 5).pipe(
      concatMap(() => source.collect().pipe(breaker, defaultIfEmpty([]))),
      toArray(),
    ));
    deepStrictEqual(emitted.map((points) => points.length), [0, 0, 0, 0, 0]);
    deepStrictEqual(changes.map((change) => change.to), ['open']);
    match(String((changes[0]?.error as Error).message), /authentication failed/);
    strictEqual(count(standIn, 'saslStart'), 3 * attemptsPerReading);
    strictEqual(count(standIn, 'serverStatus'), 0);
  });

  it('cancels a stalled reading at the timeout and leaks no socket over many cancelled readings', async () => {
    const { standIn, source } = await setUp('primary');
    await read(source);
    const baseline = standIn.openConnections();
    standIn.behaviour.stall.add('serverStatus');
    for (let reading = 0; reading < 10; reading += 1) {
      await rejects(firstValueFrom(source.collect().pipe(timeoutEach(150))), ReadingTimeoutError);
    }
    // Each cancelled reading reached the server (on a fresh pooled connection, as the aborted one was destroyed).
    ok(count(standIn, 'serverStatus') >= 2, `serverStatus sent ${count(standIn, 'serverStatus')} times`);
    await waitFor('aborted connections closed', () => standIn.openConnections() <= baseline, 5000, 20);
    standIn.behaviour.stall.clear();
    strictEqual(byMetric(await read(source)).get('mongo.connections.current'), 47);
    ok(standIn.openConnections() <= baseline);
  });

  it('gives up on a stalled command after CommandTimeout even without the pipeline\'s timeout', async () => {
    const { standIn, source } = await setUp('primary', { commandTimeoutMs: 300 });
    standIn.behaviour.stall.add('serverStatus');
    const started = Date.now();
    await rejects(read(source), /timed out/);
    const elapsed = Date.now() - started;
    ok(elapsed >= 300 && elapsed < 2000, `gave up after ${elapsed} ms`);
  });

  it('closes every connection on close()', async () => {
    const { standIn, source } = await setUp('primary');
    await read(source);
    ok(standIn.openConnections() >= 1);
    await source.close?.();
    await waitFor('all connections closed', () => standIn.openConnections() === 0, 5000, 20);
    strictEqual(count(standIn, 'endSessions'), 1, 'the implicit session is ended on close');
  });
});
