import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { unavailable } from '../servers/harness.js';
import { galeraAvailable, galeraCluster, type GaleraNode } from '../servers/galera.js';
import { plainMariadb } from '../servers/mariadb.js';
import { freshVictoriaMetrics, type ExportedSeries, type VictoriaMetrics } from '../servers/victoriametrics.js';
import { runAgent, toVictoriaMetrics } from './agent.js';

describe('e2e: [[Galera]] through the agent into VictoriaMetrics', function () {
  this.timeout(240_000);
  let vm: VictoriaMetrics;
  let nodes: readonly GaleraNode[];

  before(async function () {
    this.timeout(240_000);
    if (!galeraAvailable()) unavailable(this, 'mariadbd, galera-4 or rsync missing (test/servers/install.sh)');
    vm = await freshVictoriaMetrics(this);
    nodes = (await galeraCluster()).nodes;
  });

  const lastByName = (series: readonly ExportedSeries[]): Record<string, number | undefined> =>
    Object.fromEntries(series.map((each) => [each.metric.name ?? '', each.values.at(-1)]));

  it('stores two instances as distinct series with the servers\' own values, and a plain server as not Galera', async () => {
    const [first, second] = nodes;
    if (first === undefined || second === undefined) throw new Error('cluster has fewer than 2 nodes');
    const plain = await plainMariadb();
    const table = (name: string, port: number): string => `[[Galera]]\nName = "${name}"\nHost = "127.0.0.1"\nPort = ${port}\nUser = "root"\n`;
    const run = await runAgent({
      config: [
        ...toVictoriaMetrics(vm),
        '',
        table('n1', first.port),
        table('n2', second.port),
        table('plain', plain.port),
      ].join('\n'),
      runMs: 4_000,
    });
    strictEqual(run.exitCode, 0, run.stderr);

    const size = await vm.series('galera.wsrep.cluster.size');
    deepStrictEqual(lastByName(size), { n1: 3, n2: 3 });
    ok(size.every((series) => series.metric.host !== undefined && series.metric.host !== ''), 'every series has a host tag');

    const uuid = (await first.status('wsrep_cluster_state_uuid')).get('wsrep_cluster_state_uuid') ?? '';
    const decimal = Number.parseInt(uuid.slice(-12), 16);
    deepStrictEqual(lastByName(await vm.series('galera.wsrep.cluster.state.uuid')), { n1: decimal, n2: decimal });

    const index = async (node: GaleraNode): Promise<number> => Number((await node.status('wsrep_local_index')).get('wsrep_local_index'));
    deepStrictEqual(lastByName(await vm.series('galera.wsrep.local.index')), { n1: await index(first), n2: await index(second) });
    deepStrictEqual(lastByName(await vm.series('galera.wsrep.cluster.status')), { n1: 0, n2: 0 });
    deepStrictEqual(lastByName(await vm.series('galera.provider.loaded')), { n1: 1, n2: 1, plain: 0 });
    ok((size[0]?.values.length ?? 0) >= 2, 'read more than once in 4 s at Freq = 1');
  });
});
