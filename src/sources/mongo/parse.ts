/**
 * Pure functions from MongoDB's answers (serverStatus, replSetGetStatus, balancerStatus, the oplog's ends) to
 * datapoints. Values may arrive as any BSON number type — Int32, Int64 (Long or bigint), Double — either promoted to JS
 * numbers by the driver or as bson wrapper objects; all are read. A field that is there but not a number is skipped and
 * named in `skipped`; a field that is absent (mongos has no WiredTiger) is simply not sent.
 */
import { cleanName, cleanTags, datum, nowSeconds, type Datum } from '../../datum.js';
import { BALANCER_MODES, SERVER_STATUS_METRICS } from './metrics.js';

export type BsonDocument = Readonly<Record<string, unknown>>;

export interface Parsed {
  points: Datum[];
  /** Paths of fields that were present but could not be read as a number. */
  skipped: string[];
}

/** A BSON number of any type as a JS number; undefined for anything else (strings, NaN, documents). */
export function bsonNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'object' || value === null || value instanceof Date) return undefined;
  // Duck-typed so the driver's own copy of bson works too: Long has toNumber(), Int32 and Double have valueOf().
  const wrapped = value as { toNumber?: () => unknown; valueOf: () => unknown };
  const number = typeof wrapped.toNumber === 'function' ? wrapped.toNumber() : wrapped.valueOf();
  return typeof number === 'number' && Number.isFinite(number) ? number : undefined;
}

/** A BSON Date as milliseconds since the epoch; undefined for the epoch itself, which mongod writes for "never". */
export function bsonDateMs(value: unknown): number | undefined {
  if (!(value instanceof Date)) return undefined;
  const ms = value.getTime();
  return Number.isFinite(ms) && ms > 0 ? ms : undefined;
}

/** The seconds part of a BSON Timestamp (`ts` in the oplog). */
export function bsonTimestampSeconds(value: unknown): number | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const timestamp = value as { t?: unknown; getHighBits?: () => unknown };
  const seconds = typeof timestamp.t === 'number' ? timestamp.t
    : typeof timestamp.getHighBits === 'function' ? timestamp.getHighBits() : undefined;
  return typeof seconds === 'number' && seconds > 0 ? seconds : undefined;
}

function field(document: BsonDocument, path: readonly string[]): unknown {
  let value: unknown = document;
  for (const key of path) {
    if (typeof value !== 'object' || value === null) return undefined;
    value = (value as BsonDocument)[key];
  }
  return value;
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** `mongod` or `mongos` from serverStatus `process` (which may be a path or end in .exe). */
export function processKind(status: BsonDocument): string {
  const base = text(status.process).split(/[\\/]/).pop() ?? '';
  return base.replace(/\.exe$/i, '');
}

/** A member's `host:port` as a tag value; `:` is not allowed in OpenTSDB tags, so it becomes `_`. */
export function memberTag(name: string): string {
  return cleanName(name.replace(/:(\d+)$/, '_$1'));
}

function baseTags(name: string, extra: Record<string, string>): Record<string, string> {
  return cleanTags(name === '' ? extra : { ...extra, name });
}

/** serverStatus → connections, opcounters, memory, network, WiredTiger cache, lock queue, asserts, uptime. */
export function parseServerStatus(status: BsonDocument, name: string, timestamp = nowSeconds()): Parsed {
  const tags = baseTags(name, { version: text(status.version), process: processKind(status) });
  const parsed: Parsed = { points: [], skipped: [] };
  for (const metric of SERVER_STATUS_METRICS) {
    const raw = field(status, metric.field);
    if (raw === undefined || raw === null) continue;
    const value = bsonNumber(raw);
    if (value === undefined) parsed.skipped.push(metric.field.join('.'));
    else parsed.points.push(datum(metric.metric, value * (metric.scale ?? 1), tags, timestamp));
  }
  return parsed;
}

const PRIMARY = 1;
const SECONDARY = 2;
const RECOVERING = 3;

interface Member {
  name: string;
  state: number;
  healthy: boolean;
  optimeMs: number | undefined;
  document: BsonDocument;
}

function readMember(document: BsonDocument): Member | undefined {
  const name = text(document.name);
  const state = bsonNumber(document.state);
  if (name === '' || state === undefined) return undefined;
  return { name, state, healthy: bsonNumber(document.health) === 1, optimeMs: bsonDateMs(document.optimeDate), document };
}

/**
 * replSetGetStatus → the state of the member read, per-member state/health/uptime/lag/heartbeat latency/ping and, on
 * the primary, rs-collector's oplog lag min/avg/max over the healthy secondaries (nothing when there are none).
 */
export function parseReplSetStatus(status: BsonDocument, name: string, timestamp = nowSeconds()): Parsed {
  const setTags = baseTags(name, { replicaset: text(status.set) });
  const parsed: Parsed = { points: [], skipped: [] };
  const push = (metric: string, value: number | undefined, tags: Record<string, string>, path: string): void => {
    if (value === undefined) parsed.skipped.push(path);
    else parsed.points.push(datum(metric, value, tags, timestamp));
  };
  const myState = bsonNumber(status.myState);
  push('mongo.replicasets.members.mystate', myState, setTags, 'myState');

  const members: Member[] = [];
  const documents = Array.isArray(status.members) ? (status.members as unknown[]) : [];
  documents.forEach((document, index) => {
    const member = typeof document === 'object' && document !== null ? readMember(document as BsonDocument) : undefined;
    if (member === undefined) parsed.skipped.push(`members.${index}`);
    else members.push(member);
  });
  const primary = members.find((member) => member.state === PRIMARY && member.healthy);

  for (const member of members) {
    const tags = { ...setTags, ...cleanTags({ member: memberTag(member.name), state: text(member.document.stateStr) }) };
    const path = `members.${member.name}`;
    parsed.points.push(datum('mongo.replicasets.members.state', member.state, tags, timestamp));
    push('mongo.replicasets.members.health', bsonNumber(member.document.health), tags, `${path}.health`);
    if (member.document.uptime !== undefined) {
      push('mongo.replicasets.members.uptime', bsonNumber(member.document.uptime), tags, `${path}.uptime`);
    }
    if (!member.healthy) continue;
    const lag = replicationLag(primary, member);
    if (lag !== undefined) parsed.points.push(datum('mongo.replicasets.members.lag', lag, tags, timestamp));
    const sent = bsonDateMs(member.document.lastHeartbeat);
    const received = bsonDateMs(member.document.lastHeartbeatRecv);
    if (sent !== undefined && received !== undefined) {
      parsed.points.push(datum('mongo.replicasets.members.heartbeat_latency', received - sent, tags, timestamp));
    }
    if (member.document.pingMs !== undefined) push('mongo.replicasets.members.ping', bsonNumber(member.document.pingMs), tags, `${path}.pingMs`);
  }

  if (myState === PRIMARY) {
    const lags = members.filter((member) => member.state === SECONDARY)
      .map((member) => replicationLag(primary, member))
      .filter((lag): lag is number => lag !== undefined);
    if (lags.length > 0) {
      const sum = lags.reduce((total, lag) => total + lag, 0);
      parsed.points.push(
        datum('mongo.replicasets.oplog_lag.min', Math.min(...lags), setTags, timestamp),
        datum('mongo.replicasets.oplog_lag.avg', sum / lags.length, setTags, timestamp),
        datum('mongo.replicasets.oplog_lag.max', Math.max(...lags), setTags, timestamp),
      );
    }
  }
  return parsed;
}

function replicationLag(primary: Member | undefined, member: Member): number | undefined {
  if (primary === undefined || member === primary || !member.healthy) return undefined;
  if (member.state !== SECONDARY && member.state !== RECOVERING) return undefined;
  if (primary.optimeMs === undefined || member.optimeMs === undefined) return undefined;
  return primary.optimeMs - member.optimeMs;
}

/** The first and last oplog entries → the oplog window in seconds (from their `ts`, as rs.printReplicationInfo does). */
export function parseOplogWindow(first: BsonDocument | undefined, last: BsonDocument | undefined, replicaSet: string,
  name: string, timestamp = nowSeconds()): Parsed {
  if (first === undefined || last === undefined) return { points: [], skipped: [] };
  const start = bsonTimestampSeconds(first.ts);
  const end = bsonTimestampSeconds(last.ts);
  if (start === undefined || end === undefined) return { points: [], skipped: ['oplog.ts'] };
  const tags = baseTags(name, { replicaset: replicaSet });
  return { points: [datum('mongo.replicasets.oplog.window', end - start, tags, timestamp)], skipped: [] };
}

/** balancerStatus (mongos) → mode as a number, whether a round runs, rounds so far. */
export function parseBalancerStatus(status: BsonDocument, name: string, timestamp = nowSeconds()): Parsed {
  const tags = baseTags(name, {});
  const parsed: Parsed = { points: [], skipped: [] };
  const mode = BALANCER_MODES[text(status.mode)];
  if (mode === undefined) parsed.skipped.push('mode');
  else parsed.points.push(datum('mongo.balancer.mode', mode, tags, timestamp));
  if (typeof status.inBalancerRound === 'boolean') {
    parsed.points.push(datum('mongo.balancer.in_round', status.inBalancerRound ? 1 : 0, tags, timestamp));
  } else if (status.inBalancerRound !== undefined) {
    parsed.skipped.push('inBalancerRound');
  }
  if (status.numBalancerRounds !== undefined) {
    const rounds = bsonNumber(status.numBalancerRounds);
    if (rounds === undefined) parsed.skipped.push('numBalancerRounds');
    else parsed.points.push(datum('mongo.balancer.rounds', rounds, tags, timestamp));
  }
  return parsed;
}
