import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CEPH, healthyCeph, TEST_POOL, type CephCluster } from '../servers/ceph.js';
import { freePort, freshDir } from '../servers/harness.js';
import { freshVictoriaMetrics, type VictoriaMetrics } from '../servers/victoriametrics.js';
import { runAgent, toVictoriaMetrics } from './agent.js';

interface CliStatus {
  osdmap: { num_osds: number; num_up_osds: number };
  pgmap: { num_pgs: number };
}

describe('e2e: [Ceph] through the agent into VictoriaMetrics', function () {
  this.timeout(180_000);
  let vm: VictoriaMetrics;
  let cluster: CephCluster;

  before(async function () {
    cluster = await healthyCeph(this);
    vm = await freshVictoriaMetrics(this);
  });

  const cephTable = (conf: string): string[] => ['[Ceph]', `ConfigFile = "${conf}"`, `CephCommand = "${CEPH}"`, 'Freq = 2'];

  it('stores the cluster\'s health, OSD and PG counts and pool figures as ceph.* series', async () => {
    const run = await runAgent({
      config: [...toVictoriaMetrics(vm), '', ...cephTable(cluster.conf)].join('\n'),
      // Polling VictoriaMetrics for a series before it exists caches the empty answer: let the agent read a few times.
      runMs: 8_000,
    });
    strictEqual(run.exitCode, 0, run.stderr);
    const status = (await cluster.json('status')) as CliStatus;

    const last = async (metric: string, tags: Record<string, string> = {}): Promise<number | undefined> => {
      const series = (await vm.series(metric)).filter((each) =>
        Object.entries(tags).every(([key, value]) => each.metric[key] === value));
      strictEqual(series.length, 1, `${metric} ${JSON.stringify(tags)}: ${series.length} series`);
      return series[0]?.values.at(-1);
    };
    strictEqual(await last('ceph.health'), 0);
    strictEqual(await last('ceph.osds.total'), status.osdmap.num_osds);
    strictEqual(await last('ceph.osds.up'), status.osdmap.num_up_osds);
    strictEqual(await last('ceph.pg.total'), status.pgmap.num_pgs);
    strictEqual(await last('ceph.pg.state', { state: 'active' }), status.pgmap.num_pgs);
    strictEqual(await last('ceph.osd.up', { osd: 'osd.0' }), 1);
    ok((await last('ceph.pool.bytes.avail', { pool: TEST_POOL }) ?? 0) > 0);
    const all = await vm.seriesMatching('ceph\\..*');
    ok(all.every((series) => series.metric.cluster === 'ceph' && (series.metric.host ?? '') !== ''), 'cluster and host tags on every series');
    ok(all.length >= 30, `${all.length} ceph series`);
  });

  it('an unreachable cluster fails only its collector: the other collectors keep sending', async () => {
    await vm.reset();
    const dir = freshDir('ceph-e2e-dead');
    const conf = join(dir, 'ceph.conf');
    writeFileSync(conf, `[global]\nmon_host = 127.0.0.1:${await freePort()}\nauth_client_required = none\nlog_file = ${dir}/client.log\n`);
    const run = await runAgent({
      config: [...toVictoriaMetrics(vm), '', ...cephTable(conf), 'Timeout = 1', '', '[NetDev]'].join('\n'),
      runMs: 4_000,
    });
    strictEqual(run.exitCode, 0, run.stderr);
    ok((await vm.series('linux.net.bytes')).length > 0, 'netdev series stored');
    deepStrictEqual(await vm.seriesMatching('ceph\\..*'), []);
  });

  it('a ceph binary that is not there is one warning naming the key and the path (exit 0; 78 with --strict)', async () => {
    const config = ['Sink = "stdout"', '', '[Ceph]', `ConfigFile = "${cluster.conf}"`, 'CephCommand = "/nonexistent/ceph"'].join('\n');
    const run = await runAgent({ config, args: ['--check'] });
    strictEqual(run.exitCode, 0, run.stderr);
    deepStrictEqual(run.stderr.trim().split('\n'),
      ['warning: `Ceph.CephCommand`: "/nonexistent/ceph" does not exist: collector ceph fails until it is there (retried on its schedule)']);
    strictEqual((await runAgent({ config, args: ['--check', '--strict'] })).exitCode, 78);
  });
});
