/**
 * Every metric the Mongo source sends: rs-collector's names (kept for existing Bosun alerts) and the ones its TODO left
 * open. Bosun's metadata and the README's table come from this list; serverStatus rows also say where the value is.
 */
import type { MetricMeta } from '../../datum.js';

/** A serverStatus metric: where its value sits in the document and what to multiply it by to reach `unit`. */
export interface ServerStatusMetric extends MetricMeta {
  readonly field: readonly string[];
  readonly scale?: number;
}

const SERVER_TAGS = ['version', 'process', 'name'] as const;
const SET_TAGS = ['replicaset', 'name'] as const;
const MEMBER_TAGS = ['replicaset', 'name', 'member', 'state'] as const;
const BALANCER_TAGS = ['name'] as const;
const MIB = 1024 * 1024;

function status(metric: string, field: readonly string[], rate: MetricMeta['rate'], unit: string, desc: string,
  scale?: number): ServerStatusMetric {
  return { metric, rate, unit, desc, tags: SERVER_TAGS, field, ...(scale === undefined ? {} : { scale }) };
}

const opcounter = (op: string): ServerStatusMetric => status(`mongo.opcounters.${op}`, ['opcounters', op], 'counter',
  'operations', `${op} operations since the server started (rs-collector declared these gauges; they are cumulative).`);

const assertion = (kind: string, desc: string): ServerStatusMetric => status(`mongo.asserts.${kind}`, ['asserts', kind],
  'counter', 'asserts', desc);

const cache = (metric: string, stat: string, rate: MetricMeta['rate'], unit: string, desc: string): ServerStatusMetric =>
  status(`mongo.wiredtiger.cache.${metric}`, ['wiredTiger', 'cache', stat], rate, unit, desc);

export const SERVER_STATUS_METRICS: readonly ServerStatusMetric[] = [
  status('mongo.connections.current', ['connections', 'current'], 'gauge', 'connections', 'Incoming client connections open now.'),
  status('mongo.connections.available', ['connections', 'available'], 'gauge', 'connections', 'Incoming connections the server can still accept.'),
  status('mongo.connections.totalCreated', ['connections', 'totalCreated'], 'counter', 'connections', 'Incoming connections created since the server started, closed ones included.'),
  ...['insert', 'query', 'update', 'delete', 'getmore', 'command'].map(opcounter),
  status('mongo.mem.resident', ['mem', 'resident'], 'gauge', 'bytes', 'Resident memory of the server process (serverStatus gives MiB).', MIB),
  status('mongo.mem.virtual', ['mem', 'virtual'], 'gauge', 'bytes', 'Virtual memory of the server process (serverStatus gives MiB).', MIB),
  status('mongo.network.bytesIn', ['network', 'bytesIn'], 'counter', 'bytes', 'Logical bytes received from clients and peers.'),
  status('mongo.network.bytesOut', ['network', 'bytesOut'], 'counter', 'bytes', 'Logical bytes sent to clients and peers.'),
  status('mongo.network.numRequests', ['network', 'numRequests'], 'counter', 'requests', 'Distinct requests received.'),
  cache('bytes', 'bytes currently in the cache', 'gauge', 'bytes', 'Data in the WiredTiger cache.'),
  cache('max_bytes', 'maximum bytes configured', 'gauge', 'bytes', 'Configured size of the WiredTiger cache.'),
  cache('dirty_bytes', 'tracked dirty bytes in the cache', 'gauge', 'bytes', 'Modified data in the WiredTiger cache not yet written to disk.'),
  cache('pages_read', 'pages read into cache', 'counter', 'pages', 'Pages read from disk into the WiredTiger cache.'),
  cache('pages_written', 'pages written from cache', 'counter', 'pages', 'Pages written from the WiredTiger cache to disk.'),
  status('mongo.globallock.queue.total', ['globalLock', 'currentQueue', 'total'], 'gauge', 'operations', 'Operations queued waiting for a lock.'),
  status('mongo.globallock.queue.readers', ['globalLock', 'currentQueue', 'readers'], 'gauge', 'operations', 'Operations queued waiting for a read lock.'),
  status('mongo.globallock.queue.writers', ['globalLock', 'currentQueue', 'writers'], 'gauge', 'operations', 'Operations queued waiting for a write lock.'),
  assertion('regular', 'Regular assertions raised since the server started.'),
  assertion('warning', 'Warnings raised since the server started.'),
  assertion('msg', 'Message assertions raised since the server started.'),
  assertion('user', 'User assertions (errors a client caused, e.g. duplicate keys) since the server started.'),
  assertion('rollovers', 'Times the assert counters rolled over since the server started.'),
  status('mongo.uptime', ['uptime'], 'counter', 'seconds', 'Seconds since the server process started.'),
];

export const REPLICA_SET_METRICS: readonly MetricMeta[] = [
  { metric: 'mongo.replicasets.members.mystate', rate: 'gauge', unit: 'state', tags: SET_TAGS,
    desc: 'State of the member read: 0 startup, 1 primary, 2 secondary, 3 recovering, 5 startup2, 6 unknown, 7 arbiter, 8 down, 9 rollback, 10 removed.' },
  ...(['min', 'avg', 'max'] as const).map((stat): MetricMeta => ({
    metric: `mongo.replicasets.oplog_lag.${stat}`, rate: 'gauge', unit: 'ms', tags: SET_TAGS,
    desc: `Sent by the primary only: ${stat} of (primary optimeDate - secondary optimeDate) over healthy secondaries; nothing without secondaries.`,
  })),
  { metric: 'mongo.replicasets.oplog.window', rate: 'gauge', unit: 'seconds', tags: SET_TAGS,
    desc: 'Time between the first and the last entry of local.oplog.rs: how long a member may be away and still catch up.' },
  { metric: 'mongo.replicasets.members.state', rate: 'gauge', unit: 'state', tags: MEMBER_TAGS,
    desc: 'State of each member as the member read sees it (same numbers as mystate).' },
  { metric: 'mongo.replicasets.members.health', rate: 'gauge', unit: 'bool', tags: MEMBER_TAGS,
    desc: 'Whether the member is reachable from the member read: 1 up, 0 down.' },
  { metric: 'mongo.replicasets.members.uptime', rate: 'counter', unit: 'seconds', tags: MEMBER_TAGS,
    desc: 'Seconds the member has been up, as the member read sees it (0 while down).' },
  { metric: 'mongo.replicasets.members.lag', rate: 'gauge', unit: 'ms', tags: MEMBER_TAGS,
    desc: 'Replication lag of a healthy secondary or recovering member: primary optimeDate - member optimeDate. Needs a primary in the set.' },
  { metric: 'mongo.replicasets.members.heartbeat_latency', rate: 'gauge', unit: 'ms', tags: MEMBER_TAGS,
    desc: 'lastHeartbeatRecv - lastHeartbeat of a healthy peer (not sent for the member read, which has no heartbeats).' },
  { metric: 'mongo.replicasets.members.ping', rate: 'gauge', unit: 'ms', tags: MEMBER_TAGS,
    desc: 'Heartbeat round trip (pingMs) to a healthy peer.' },
];

/** balancerStatus `mode` as a number: off 0, autoSplitOnly 1, full 2. */
export const BALANCER_MODES: Readonly<Record<string, number>> = { off: 0, autoSplitOnly: 1, full: 2 };

export const BALANCER_METRICS: readonly MetricMeta[] = [
  { metric: 'mongo.balancer.mode', rate: 'gauge', unit: 'mode', tags: BALANCER_TAGS,
    desc: 'Balancer mode read on a mongos: 0 off, 1 autoSplitOnly, 2 full.' },
  { metric: 'mongo.balancer.in_round', rate: 'gauge', unit: 'bool', tags: BALANCER_TAGS,
    desc: 'Whether a balancing round is running now: 1 yes, 0 no.' },
  { metric: 'mongo.balancer.rounds', rate: 'counter', unit: 'rounds', tags: BALANCER_TAGS,
    desc: 'Balancing rounds since the config server primary started (numBalancerRounds).' },
];

/** The whole table, as plain metadata (without the serverStatus field paths). */
export const METRICS: readonly MetricMeta[] = [...SERVER_STATUS_METRICS, ...REPLICA_SET_METRICS, ...BALANCER_METRICS]
  .map(({ metric, rate, unit, desc, tags }) => ({ metric, rate, unit, desc, tags: tags ?? [] }));
