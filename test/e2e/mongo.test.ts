/**
 * The built agent reads the MongoDB wire-protocol stand-in (no MongoDB server can run on these machines) through the
 * real driver and ships the points to a real VictoriaMetrics; what is stored is compared with the server's own answer.
 */
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { MongoClient, type Document } from 'mongodb';
import { startMongoStandIn, type MongoStandIn } from '../servers/mongo/standIn.js';
import { freshVictoriaMetrics, type VictoriaMetrics } from '../servers/victoriametrics.js';
import { runAgent, toVictoriaMetrics } from './agent.js';

describe('e2e: [[Mongo]] through the agent into VictoriaMetrics', function () {
  let vm: VictoriaMetrics;
  let standIn: MongoStandIn;

  before(async function () {
    vm = await freshVictoriaMetrics(this);
    standIn = await startMongoStandIn({ role: 'primary' });
  });

  after(async () => {
    await standIn?.stop();
  });

  async function serverAnswers(): Promise<{ status: Document; replication: Document }> {
    const client = new MongoClient(standIn.url, { serverSelectionTimeoutMS: 2000 });
    try {
      const admin = client.db('admin');
      return { status: await admin.command({ serverStatus: 1 }), replication: await admin.command({ replSetGetStatus: 1 }) };
    } finally {
      await client.close();
    }
  }

  it('stores serverStatus and replica set metrics with the values and tags the server reports', async () => {
    const run = await runAgent({
      config: [
        ...toVictoriaMetrics(vm),
        'Hostname = "e2e-host"',
        '',
        '[[Mongo]]',
        'Name = "rs0-a"',
        `Uri = "${standIn.url}"`,
      ].join('\n'),
      runMs: 4000,
    });
    strictEqual(run.exitCode, 0, run.stderr);
    const { status, replication } = await serverAnswers();

    const queries = await vm.series('mongo.opcounters.query');
    deepStrictEqual(queries.map((series) => series.metric), [{
      __name__: 'mongo.opcounters.query', host: 'e2e-host', name: 'rs0-a', process: String(status.process), version: String(status.version),
    }]);
    strictEqual(queries[0]?.values.at(-1), Number((status.opcounters as Document).query));

    const current = await vm.series('mongo.connections.current');
    strictEqual(current[0]?.values.at(-1), Number((status.connections as Document).current));

    const members = replication.members as Document[];
    const primaryMs = (members.find((member) => Number(member.state) === 1)?.optimeDate as Date).getTime();
    const lags = members.filter((member) => Number(member.state) === 2).map((member) => primaryMs - (member.optimeDate as Date).getTime());
    const maxLag = await vm.series('mongo.replicasets.oplog_lag.max');
    deepStrictEqual(maxLag.map((series) => [series.metric.replicaset, series.values.at(-1)]), [[String(replication.set), Math.max(...lags)]]);

    const memberState = await vm.series('mongo.replicasets.members.state');
    const stored = Object.fromEntries(memberState.map((series) => [`${series.metric.member} ${series.metric.state}`, series.values.at(-1)]));
    deepStrictEqual(stored, Object.fromEntries(members.map((member) => [
      `${String(member.name).replace(':', '_')} ${String(member.stateStr)}`, Number(member.state),
    ])));
    strictEqual(standIn.openConnections(), 0, 'the agent closed its connections on SIGTERM');
  });
});
