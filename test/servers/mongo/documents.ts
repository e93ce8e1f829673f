/**
 * The documents the MongoDB stand-in answers with: recorded as canonical Extended JSON in test/fixtures/mongo/ (so the
 * BSON types — Int32, Int64, Double, Date, Timestamp — are the ones MongoDB's manual gives), plus the edits tests make
 * between readings (a member goes down, recovers, is elected).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Double, EJSON, Int32, Long, Timestamp, type Document } from 'bson';

export const FIXTURES_DIR = join(import.meta.dirname, '..', '..', 'fixtures', 'mongo');

/** A fixture with its BSON types kept (`relaxed: false` keeps Int32/Int64/Double as typed values). */
export function loadFixture(name: string): Document {
  return EJSON.parse(readFileSync(join(FIXTURES_DIR, `${name}.json`), 'utf8'), { relaxed: false }) as Document;
}

/** replSetGetStatus `stateStr` per state, as mongod writes it. */
export const STATE_NAMES: Readonly<Record<number, string>> = {
  0: 'STARTUP', 1: 'PRIMARY', 2: 'SECONDARY', 3: 'RECOVERING', 5: 'STARTUP2', 6: 'UNKNOWN', 7: 'ARBITER',
  8: '(not reachable/healthy)', 9: 'ROLLBACK', 10: 'REMOVED',
};

const EPOCH = new Date(0);

/** A deep copy, so edits never leak into the next test. */
export function copy(document: Document): Document {
  return EJSON.parse(EJSON.stringify(document, { relaxed: false }), { relaxed: false }) as Document;
}

function members(status: Document): Document[] {
  return status.members as Document[];
}

function member(status: Document, name: string): Document {
  const found = members(status).find((candidate) => candidate.name === name);
  if (found === undefined) throw new Error(`no member ${name}`);
  return found;
}

/** The member as its peers see it once heartbeats fail: what mongod reports for an unreachable member. */
export function memberDown(status: Document, name: string): Document {
  const next = copy(status);
  const down = member(next, name);
  Object.assign(down, {
    health: new Double(0), state: new Int32(8), stateStr: STATE_NAMES[8], uptime: new Int32(0),
    optime: { ts: new Timestamp({ t: 0, i: 0 }), t: Long.fromNumber(-1) }, optimeDate: EPOCH,
    lastHeartbeatRecv: EPOCH, pingMs: Long.fromNumber(0),
    lastHeartbeatMessage: `Error connecting to ${name} :: caused by :: Connection refused`,
  });
  return next;
}

/**
 * `name` moves to `state`. Electing a member (state 1) demotes the previous primary to secondary; `myState` follows
 * whichever member is `self`.
 */
export function memberState(status: Document, name: string, state: number, optimeDate?: Date): Document {
  const next = copy(status);
  if (state === 1) {
    for (const other of members(next)) {
      if (other.name !== name && Number(other.state) === 1) Object.assign(other, { state: new Int32(2), stateStr: STATE_NAMES[2] });
    }
  }
  const changed = member(next, name);
  Object.assign(changed, { health: new Double(1), state: new Int32(state), stateStr: STATE_NAMES[state] });
  if (optimeDate !== undefined) {
    Object.assign(changed, {
      optime: { ts: new Timestamp({ t: Math.floor(optimeDate.getTime() / 1000), i: 1 }), t: Long.fromNumber(12) },
      optimeDate,
    });
  }
  const self = members(next).find((candidate) => candidate.self === true);
  if (self !== undefined) next.myState = new Int32(Number(self.state));
  return next;
}
