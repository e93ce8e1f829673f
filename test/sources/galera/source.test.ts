/**
 * The Galera source against real servers: the shared 3-node cluster, a cluster of its own whose nodes this file kills,
 * and a plain MariaDB. Expected values always come from the server's own `SHOW GLOBAL STATUS`, mapped here by the
 * rules of the metric catalogue (written out again, independently of src/sources/galera/parse.ts).
 */
import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { firstValueFrom } from 'rxjs';
import type { Datum } from '../../../src/datum.js';
import type { SourceContext } from '../../../src/source.js';
import { createGaleraSource, type GaleraSource } from '../../../src/sources/galera/index.js';
import { unavailable } from '../../servers/harness.js';
import { galeraAvailable, galeraCluster, startGaleraCluster, type GaleraCluster, type GaleraNode } from '../../servers/galera.js';
import { plainMariadb, type MariadbEndpoint } from '../../servers/mariadb.js';
import { countingContext } from '../../helpers/skips.js';

const sourceFor = (endpoint: MariadbEndpoint, name?: string, context: Partial<SourceContext> = {}): GaleraSource =>
  createGaleraSource({ host: endpoint.host, port: endpoint.port, user: endpoint.user, ...(name === undefined ? {} : { name }) }, context);

async function read(source: GaleraSource): Promise<Map<string, number>> {
  const points: Datum[] = await firstValueFrom(source.collect());
  return new Map(points.map((point) => [point.metric, point.value]));
}

const TEXT = new Set(['local_state_comment', 'incoming_addresses', 'evs_delayed', 'evs_evict_list', 'provider_name',
  'provider_vendor', 'provider_version', 'provider_capabilities', 'cluster_capabilities', 'checkpoint_position', 'se_checkpoint']);

/** The catalogue's rules applied to one `SHOW GLOBAL STATUS LIKE 'wsrep_%'` answer. */
function expectedFrom(status: ReadonlyMap<string, string>): Map<string, number> {
  const expected = new Map<string, number>([['galera.provider.loaded', 1]]);
  for (const [variable, value] of status) {
    const short = variable.replace(/^wsrep_/, '');
    const metric = `galera.wsrep.${short.replace(/_/g, '.')}`;
    if (TEXT.has(short) || value === '') continue;
    if (short === 'evs_repl_latency') {
      value.split('/').forEach((part, i) =>
        expected.set(`galera.wsrep.evs.repl.latency.${['min', 'avg', 'max', 'stddev', 'samples'][i]}`, Number(part)));
    } else if (short === 'cluster_status') expected.set(metric, value === 'Primary' ? 0 : 1);
    else if (short === 'evs_state') expected.set(metric, value === 'OPERATIONAL' ? 0 : 1);
    else if (short === 'connected' || short === 'ready') expected.set(metric, value === 'ON' ? 0 : 1);
    else if (short.endsWith('_uuid')) expected.set(metric, Number.parseInt(value.slice(-12), 16));
    else if (value === 'true' || value === 'false') expected.set(metric, value === 'true' ? 1 : 0);
    else if (value === '18446744073709551615') expected.set(metric, -1);
    else expected.set(metric, Number(value));
  }
  return expected;
}

/** Reads until `done` holds for the reading, at most `readings` times, `everyMs` apart; returns the readings taken. */
async function readUntil(source: GaleraSource, done: (values: Map<string, number>) => boolean, readings: number,
  everyMs = 1_000): Promise<number> {
  for (let taken = 1; taken <= readings; taken++) {
    if (done(await read(source))) return taken;
    await sleep(everyMs);
  }
  throw new Error(`condition not met within ${readings} readings`);
}

describe('Galera source against a real 3-node cluster', function () {
  this.timeout(120_000);
  let cluster: GaleraCluster;
  const sources: GaleraSource[] = [];
  const track = (source: GaleraSource): GaleraSource => {
    sources.push(source);
    return source;
  };

  before(async function () {
    this.timeout(180_000);
    if (!galeraAvailable()) unavailable(this, 'mariadbd, galera-4 or rsync missing (test/servers/install.sh installs them)');
    cluster = await galeraCluster();
  });

  after(async () => {
    await Promise.all(sources.map((source) => source.close()));
  });

  const node = (index: number): GaleraNode => {
    const found = cluster.nodes[index - 1];
    if (found === undefined) throw new Error(`no node ${index}`);
    return found;
  };

  it('sends for every wsrep variable of a node what SHOW GLOBAL STATUS says at the same moment', async () => {
    const counted = countingContext();
    const source = track(sourceFor(node(1), undefined, counted));
    const before = expectedFrom(await node(1).status());
    const sent = await read(source);
    const after = expectedFrom(await node(1).status());
    deepStrictEqual([...sent.keys()].sort(), [...before.keys()].sort());
    for (const [metric, value] of sent) {
      ok(value === before.get(metric) || value === after.get(metric),
        `${metric}: sent ${value}, server said ${before.get(metric)} then ${after.get(metric)}`);
    }
    strictEqual(sent.get('galera.wsrep.cluster.size'), 3);
    strictEqual(sent.get('galera.wsrep.cluster.status'), 0);
    strictEqual(sent.get('galera.wsrep.ready'), 0);
    strictEqual(sent.get('galera.wsrep.local.state'), 4);
    ok((sent.get('galera.wsrep.local.state.uuid') ?? 0) > 0);
    strictEqual(counted.skipped, 0);
  });

  it('reports the same galera.wsrep.cluster.state.uuid on all three nodes', async () => {
    const uuids = await Promise.all(cluster.nodes.map(async (each) => (await read(track(sourceFor(each)))).get('galera.wsrep.cluster.state.uuid')));
    const reported = (await node(2).status('wsrep_cluster_state_uuid')).get('wsrep_cluster_state_uuid') ?? '';
    deepStrictEqual(uuids, Array(3).fill(Number.parseInt(reported.slice(-12), 16)));
  });

  it('reads through the unix socket as well as TCP', async () => {
    const viaSocket = track(createGaleraSource({ socket: node(3).socket, user: 'root' }));
    const values = await read(viaSocket);
    strictEqual(values.get('galera.wsrep.cluster.size'), 3);
    strictEqual(values.get('galera.wsrep.local.index'), Number((await node(3).status('wsrep_local_index')).get('wsrep_local_index')));
  });

  it('shows local.state 2 while a node is desynced (wsrep_desync=ON), 4 again after', async () => {
    const source = track(sourceFor(node(2)));
    await node(2).sql('SET GLOBAL wsrep_desync=ON');
    try {
      await readUntil(source, (values) => values.get('galera.wsrep.local.state') === 2, 10, 200);
      strictEqual((await read(source)).get('galera.wsrep.desync.count'), 1);
    } finally {
      await node(2).sql('SET GLOBAL wsrep_desync=OFF');
    }
    await readUntil(source, (values) => values.get('galera.wsrep.local.state') === 4, 20, 200);
  });

  it('keeps two named instances apart by their name tag', async () => {
    const [a, b] = [track(sourceFor(node(1), 'a')), track(sourceFor(node(2), 'b'))];
    const [pointsA, pointsB] = await Promise.all([firstValueFrom(a.collect()), firstValueFrom(b.collect())]);
    ok(pointsA.every((point) => point.tags.name === 'a'));
    ok(pointsB.every((point) => point.tags.name === 'b'));
    const index = (points: Datum[]): number | undefined => points.find((point) => point.metric === 'galera.wsrep.local.index')?.value;
    ok(index(pointsA) !== index(pointsB), 'two nodes of one cluster have different local indexes');
  });

  it('reports a plain MariaDB once as not a Galera node: galera.provider.loaded 0 and nothing else', async function () {
    this.timeout(60_000);
    const plain = await plainMariadb();
    const warnings: string[] = [];
    const log = { debug: () => undefined, info: () => undefined, error: () => undefined,
      warn: (_: object, msg?: string) => void warnings.push(msg ?? '') };
    const source = track(createGaleraSource({ host: plain.host, port: plain.port, user: plain.user }, { log }));
    for (let i = 0; i < 3; i++) deepStrictEqual([...(await read(source))], [['galera.provider.loaded', 0]]);
    strictEqual(warnings.filter((warning) => warning.includes('not a Galera node')).length, 1);
  });
});

describe('Galera source while cluster nodes are killed', function () {
  this.timeout(120_000);
  let cluster: GaleraCluster | undefined;
  const sources: GaleraSource[] = [];

  before(async function () {
    this.timeout(180_000);
    if (!galeraAvailable()) unavailable(this, 'mariadbd, galera-4 or rsync missing (test/servers/install.sh installs them)');
    // its own cluster: these nodes stay dead, so no other test depends on the order
    cluster = await startGaleraCluster('galera-kill');
  });

  after(async function () {
    this.timeout(60_000);
    await Promise.all(sources.map((source) => source.close()));
    await cluster?.stop();
  });

  it('sees size 2 after a SIGKILL, then non-Primary (status 1, ready 1, state 0) on the lone survivor', async () => {
    const nodes = cluster?.nodes ?? [];
    const [first, second, third] = nodes;
    if (first === undefined || second === undefined || third === undefined) throw new Error('cluster has fewer than 3 nodes');
    const survivors = [first, second].map((each) => sourceFor(each));
    sources.push(...survivors);
    for (const source of survivors) strictEqual((await read(source)).get('galera.wsrep.cluster.size'), 3);

    await third.kill('SIGKILL');
    // suspect_timeout 3 s + install: the catalogue saw ~3.5 s; 12 one-second readings is the bound
    const taken = await Promise.all(survivors.map((source) =>
      readUntil(source, (values) => values.get('galera.wsrep.cluster.size') === 2, 12)));
    ok(taken.every((count) => count <= 12));
    for (const source of survivors) strictEqual((await read(source)).get('galera.wsrep.cluster.status'), 0);

    await second.kill('SIGKILL');
    const [lone] = survivors;
    if (lone === undefined) throw new Error('no survivor');
    await readUntil(lone, (values) => values.get('galera.wsrep.cluster.status') === 1, 15);
    const last = await read(lone);
    strictEqual(last.get('galera.wsrep.ready'), 1);
    strictEqual(last.get('galera.wsrep.local.state'), 0);
    strictEqual(last.get('galera.wsrep.cluster.size'), 1);
    const status = await first.status();
    strictEqual(status.get('wsrep_cluster_status'), 'non-Primary');
    strictEqual(last.get('galera.wsrep.cluster.conf.id'), expectedFrom(status).get('galera.wsrep.cluster.conf.id'));
  });
});
