/**
 * The read-only part of the stand-in tests against a real MongoDB, where one exists: set MONGODB_TEST_URL (e.g.
 * mongodb://monitor:pw@db1:27017/?authSource=admin) to a replica set member or a mongos. Without it the suite is skipped,
 * also under CI=true: no MongoDB can run on the machines this project is built on, so the stand-in tests are the gate.
 */
import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { MongoClient, MongoServerError, type Document } from 'mongodb';
import { firstValueFrom } from 'rxjs';
import type { Datum } from '../../../src/datum.js';
import { createMongoSource, processKind } from '../../../src/sources/mongo/index.js';
import type { Source } from '../../../src/source.js';

const url = process.env.MONGODB_TEST_URL ?? '';
const title = url === ''
  ? 'mongo source against a real MongoDB (skipped: MONGODB_TEST_URL is not set; no MongoDB can run here)'
  : 'mongo source against a real MongoDB (MONGODB_TEST_URL)';

(url === '' ? describe.skip : describe)(title, () => {
  let client: MongoClient;
  let source: Source;

  before(() => {
    client = new MongoClient(url, { serverSelectionTimeoutMS: 5000 });
    source = createMongoSource({ uri: url, name: 'real' });
  });

  after(async () => {
    await Promise.all([client?.close(), source?.close?.()]);
  });

  const admin = (command: Document): Promise<Document> => client.db('admin').command(command);
  const metrics = (points: readonly Datum[], prefix: string): Datum[] => points.filter((point) => point.metric.startsWith(prefix));

  it('sends serverStatus metrics tagged with the server\'s own version and process, counters not going back', async () => {
    const before = await admin({ serverStatus: 1 });
    const points = await firstValueFrom(source.collect());
    const command = points.find((point) => point.metric === 'mongo.opcounters.command');
    ok(command !== undefined);
    deepStrictEqual(command.tags, { version: String(before.version), process: processKind(before), name: 'real' });
    ok(command.value >= Number((before.opcounters as Document).command));
    ok((points.find((point) => point.metric === 'mongo.connections.available')?.value ?? 0) > 0);
    strictEqual(points.every((point) => Number.isFinite(point.value)), true);
  });

  it('sends the replica set view the server reports (or none on a standalone or mongos)', async function () {
    let replication: Document | undefined;
    try {
      replication = await admin({ replSetGetStatus: 1 });
    } catch (error) {
      if (!(error instanceof MongoServerError)) throw error;
    }
    const points = await firstValueFrom(source.collect());
    if (replication === undefined) {
      deepStrictEqual(metrics(points, 'mongo.replicasets.'), []);
      return;
    }
    const myState = points.find((point) => point.metric === 'mongo.replicasets.members.mystate');
    strictEqual(myState?.tags.replicaset, String(replication.set));
    const members = replication.members as Document[];
    deepStrictEqual(metrics(points, 'mongo.replicasets.members.state').map((point) => point.tags.member).sort(),
      members.map((member) => String(member.name).replace(/:(\d+)$/, '_$1')).sort());
    ok((points.find((point) => point.metric === 'mongo.replicasets.oplog.window')?.value ?? -1) >= 0);
    const secondaries = members.filter((member) => Number(member.state) === 2 && Number(member.health) === 1).length;
    const lagPoints = metrics(points, 'mongo.replicasets.oplog_lag.');
    strictEqual(lagPoints.length, Number(replication.myState) === 1 && secondaries > 0 ? 3 : 0);
  });

  it('sends the balancer state on a mongos', async function () {
    const status = await admin({ serverStatus: 1 });
    if (processKind(status) !== 'mongos') this.skip();
    const balancer = await admin({ balancerStatus: 1 });
    const points = await firstValueFrom(source.collect());
    const mode = points.find((point) => point.metric === 'mongo.balancer.mode');
    strictEqual(mode?.value, { off: 0, autoSplitOnly: 1, full: 2 }[String(balancer.mode)]);
  });
});
