import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EJSON, Int32, Long, type Document } from 'bson';
import type { Datum } from '../../../src/datum.js';
import {
  bsonNumber, METRICS, parseBalancerStatus, parseOplogWindow, parseReplSetStatus, parseServerStatus,
} from '../../../src/sources/mongo/index.js';
import { FIXTURES_DIR, loadFixture, memberDown, memberState } from '../../servers/mongo/documents.js';

const T = 1_795_608_000;
const MIB = 1024 * 1024;

/** metric → value, for points whose tags include `match`. */
function values(points: readonly Datum[], match: Record<string, string> = {}): Map<string, number> {
  const found = new Map<string, number>();
  for (const point of points) {
    if (Object.entries(match).every(([key, value]) => point.tags[key] === value)) found.set(point.metric, point.value);
  }
  return found;
}

const member = (name: string): Record<string, string> => ({ member: name });

describe('mongo parse', () => {
  describe('bsonNumber', () => {
    it('reads every BSON number type, as wrappers, promoted numbers and bigints', () => {
      strictEqual(bsonNumber(new Int32(-7)), -7);
      strictEqual(bsonNumber(Long.fromString('3000000123')), 3_000_000_123);
      strictEqual(bsonNumber(3_000_000_123n), 3_000_000_123);
      strictEqual(bsonNumber(864123.5), 864123.5);
      strictEqual(bsonNumber('12'), undefined);
      strictEqual(bsonNumber(Number.NaN), undefined);
      strictEqual(bsonNumber(new Date(5)), undefined);
    });
  });

  describe('parseServerStatus', () => {
    it('turns the manual-shaped mongod document into every serverStatus metric, 64-bit counters included', () => {
      const { points, skipped } = parseServerStatus(loadFixture('serverStatus-mongod'), 'main', T);
      deepStrictEqual(skipped, []);
      const got = values(points);
      deepStrictEqual(Object.fromEntries(got), {
        'mongo.connections.current': 47,
        'mongo.connections.available': 51153,
        'mongo.connections.totalCreated': 183422,
        'mongo.opcounters.insert': 8123456,
        'mongo.opcounters.query': 3_000_000_123,
        'mongo.opcounters.update': 23871,
        'mongo.opcounters.delete': 1204,
        'mongo.opcounters.getmore': 9182736,
        'mongo.opcounters.command': 418273645,
        'mongo.mem.resident': 1843 * MIB,
        'mongo.mem.virtual': 4311 * MIB,
        'mongo.network.bytesIn': 98327463125,
        'mongo.network.bytesOut': 571938274651,
        'mongo.network.numRequests': 402918374,
        'mongo.wiredtiger.cache.bytes': 1073741824,
        'mongo.wiredtiger.cache.max_bytes': 4294967296,
        'mongo.wiredtiger.cache.dirty_bytes': 3145728,
        'mongo.wiredtiger.cache.pages_read': 2837465,
        'mongo.wiredtiger.cache.pages_written': 1928374,
        'mongo.globallock.queue.total': 3,
        'mongo.globallock.queue.readers': 1,
        'mongo.globallock.queue.writers': 2,
        'mongo.asserts.regular': 0,
        'mongo.asserts.warning': 0,
        'mongo.asserts.msg': 0,
        'mongo.asserts.user': 4213,
        'mongo.asserts.rollovers': 0,
        'mongo.uptime': 864123,
      });
      for (const point of points) {
        deepStrictEqual(point.tags, { version: '7.0.14', process: 'mongod', name: 'main' });
        strictEqual(point.timestamp, T);
      }
    });

    it('gives the same points whether the driver promoted values to numbers, bigints or kept wrappers', () => {
      const text = readFileSync(join(FIXTURES_DIR, 'serverStatus-mongod.json'), 'utf8');
      const typed = parseServerStatus(EJSON.parse(text, { relaxed: false }) as Document, 'x', T).points;
      const promoted = parseServerStatus(EJSON.parse(text, { relaxed: true }) as Document, 'x', T).points;
      const bigints = parseServerStatus(EJSON.parse(text, { relaxed: false, useBigInt64: true }) as Document, 'x', T).points;
      deepStrictEqual(promoted, typed);
      deepStrictEqual(bigints, typed);
    });

    it('skips and names a field that is not a number, and still sends the rest', () => {
      const status = loadFixture('serverStatus-mongod');
      (status.connections as Document).current = 'many';
      const { points, skipped } = parseServerStatus(status, '', T);
      deepStrictEqual(skipped, ['connections.current']);
      strictEqual(values(points).has('mongo.connections.current'), false);
      strictEqual(values(points).get('mongo.connections.available'), 51153);
      deepStrictEqual(points[0]?.tags, { version: '7.0.14', process: 'mongod' });
    });

    it('sends what a mongos has (no WiredTiger, no lock queue) tagged process=mongos', () => {
      const { points, skipped } = parseServerStatus(loadFixture('serverStatus-mongos'), 'router', T);
      deepStrictEqual(skipped, []);
      const got = values(points, { process: 'mongos' });
      strictEqual(got.get('mongo.connections.current'), 112);
      strictEqual(got.size, points.length);
      strictEqual([...got.keys()].some((metric) => metric.startsWith('mongo.wiredtiger.') || metric.startsWith('mongo.globallock.')), false);
    });
  });

  describe('parseReplSetStatus', () => {
    const status = loadFixture('replSetGetStatus-primary');
    const optime = (name: string): number => {
      const found = (status.members as Document[]).find((candidate) => candidate.name === name);
      return (found?.optimeDate as Date).getTime();
    };

    it('computes oplog lag min/avg/max on the primary from the members\' optimeDates', () => {
      const { points, skipped } = parseReplSetStatus(status, 'main', T);
      deepStrictEqual(skipped, []);
      const set = values(points, { replicaset: 'rs0', name: 'main' });
      const lagB = optime('mongo-a:27017') - optime('mongo-b:27017');
      const lagC = optime('mongo-a:27017') - optime('mongo-c:27017');
      strictEqual(lagB, 2000);
      strictEqual(lagC, 7000);
      strictEqual(set.get('mongo.replicasets.members.mystate'), 1);
      strictEqual(set.get('mongo.replicasets.oplog_lag.min'), lagB);
      strictEqual(set.get('mongo.replicasets.oplog_lag.avg'), (lagB + lagC) / 2);
      strictEqual(set.get('mongo.replicasets.oplog_lag.max'), lagC);
    });

    it('sends per member state, health, uptime, lag, heartbeat latency and ping with member and state tags', () => {
      const { points } = parseReplSetStatus(status, 'main', T);
      deepStrictEqual(Object.fromEntries(values(points, { member: 'mongo-b_27017', state: 'SECONDARY' })), {
        'mongo.replicasets.members.state': 2,
        'mongo.replicasets.members.health': 1,
        'mongo.replicasets.members.uptime': 864090,
        'mongo.replicasets.members.lag': 2000,
        'mongo.replicasets.members.heartbeat_latency': 120,
        'mongo.replicasets.members.ping': 1,
      });
      strictEqual(values(points, member('mongo-c_27017')).get('mongo.replicasets.members.heartbeat_latency'), 350);
      strictEqual(values(points, member('mongo-c_27017')).get('mongo.replicasets.members.ping'), 14);
      // The member read has no heartbeats to itself and no lag to itself.
      deepStrictEqual(Object.fromEntries(values(points, { member: 'mongo-a_27017', state: 'PRIMARY' })), {
        'mongo.replicasets.members.state': 1,
        'mongo.replicasets.members.health': 1,
        'mongo.replicasets.members.uptime': 864120,
      });
    });

    it('sends no oplog lag (and nothing non-finite) for a primary without secondaries', () => {
      const { points } = parseReplSetStatus(loadFixture('replSetGetStatus-alone'), 'main', T);
      strictEqual(values(points).get('mongo.replicasets.members.mystate'), 1);
      strictEqual(points.some((point) => point.metric.startsWith('mongo.replicasets.oplog_lag.')), false);
      strictEqual(points.every((point) => Number.isFinite(point.value)), true);
    });

    it('reports a member that went down as health 0, state 8, with no lag, heartbeat or ping', () => {
      const { points } = parseReplSetStatus(memberDown(status, 'mongo-c:27017'), 'main', T);
      deepStrictEqual(Object.fromEntries(values(points, { member: 'mongo-c_27017', state: 'not_reachable/healthy' })), {
        'mongo.replicasets.members.state': 8,
        'mongo.replicasets.members.health': 0,
        'mongo.replicasets.members.uptime': 0,
      });
      const set = values(points, { replicaset: 'rs0' });
      strictEqual(set.get('mongo.replicasets.oplog_lag.min'), 2000);
      strictEqual(set.get('mongo.replicasets.oplog_lag.max'), 2000);
    });

    it('keeps the lag of a recovering member but leaves it out of the secondaries\' oplog lag', () => {
      const { points } = parseReplSetStatus(memberState(status, 'mongo-c:27017', 3), 'main', T);
      strictEqual(values(points, { member: 'mongo-c_27017', state: 'RECOVERING' }).get('mongo.replicasets.members.lag'), 7000);
      strictEqual(values(points).get('mongo.replicasets.oplog_lag.max'), 2000);
    });

    it('follows an election: the old primary becomes a lagging secondary and stops sending oplog lag', () => {
      const elected = new Date(optime('mongo-a:27017') + 1000);
      const { points } = parseReplSetStatus(memberState(status, 'mongo-b:27017', 1, elected), 'main', T);
      strictEqual(values(points).get('mongo.replicasets.members.mystate'), 2);
      strictEqual(values(points, { member: 'mongo-b_27017', state: 'PRIMARY' }).get('mongo.replicasets.members.state'), 1);
      strictEqual(values(points, { member: 'mongo-a_27017', state: 'SECONDARY' }).get('mongo.replicasets.members.lag'), 1000);
      strictEqual(values(points, member('mongo-c_27017')).get('mongo.replicasets.members.lag'), elected.getTime() - optime('mongo-c:27017'));
      strictEqual(points.some((point) => point.metric.startsWith('mongo.replicasets.oplog_lag.')), false);
    });
  });

  it('parseOplogWindow: seconds from the first to the last entry\'s ts', () => {
    const first = loadFixture('oplog-first');
    const last = loadFixture('oplog-last');
    const { points } = parseOplogWindow(first, last, 'rs0', 'main', T);
    deepStrictEqual(points, [{ metric: 'mongo.replicasets.oplog.window', value: 2 * 86400 + 3600, timestamp: T, tags: { replicaset: 'rs0', name: 'main' } }]);
    deepStrictEqual(parseOplogWindow(undefined, undefined, 'rs0', 'main', T).points, []);
  });

  it('parseBalancerStatus: mode as a number, round flag, round count', () => {
    const { points, skipped } = parseBalancerStatus(loadFixture('balancerStatus'), 'router', T);
    deepStrictEqual(skipped, []);
    deepStrictEqual(Object.fromEntries(values(points, { name: 'router' })), {
      'mongo.balancer.mode': 2, 'mongo.balancer.in_round': 0, 'mongo.balancer.rounds': 1931,
    });
    const odd = parseBalancerStatus({ mode: 'sometimes', inBalancerRound: true }, 'router', T);
    deepStrictEqual(odd.skipped, ['mode']);
    deepStrictEqual(odd.points.map((point) => [point.metric, point.value]), [['mongo.balancer.in_round', 1]]);
  });

  it('METRICS declares every metric the parsers send, with rate, unit and description', () => {
    const declared = new Set(METRICS.map((meta) => meta.metric));
    const status = loadFixture('replSetGetStatus-primary');
    const sent = [
      ...parseServerStatus(loadFixture('serverStatus-mongod'), 'x', T).points,
      ...parseReplSetStatus(status, 'x', T).points,
      ...parseOplogWindow(loadFixture('oplog-first'), loadFixture('oplog-last'), 'rs0', 'x', T).points,
      ...parseBalancerStatus(loadFixture('balancerStatus'), 'x', T).points,
    ];
    for (const point of sent) strictEqual(declared.has(point.metric), true, `${point.metric} is not in METRICS`);
    deepStrictEqual([...declared].filter((metric) => !sent.some((point) => point.metric === metric)), []);
    for (const meta of METRICS) strictEqual(meta.desc !== '' && meta.unit !== '', true, meta.metric);
    strictEqual(METRICS.find((meta) => meta.metric === 'mongo.opcounters.query')?.rate, 'counter');
  });
});
