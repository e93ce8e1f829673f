/**
 * The Ceph source against a real one-host cluster (test/servers/ceph.ts): what it reads equals what the ceph CLI says
 * for the same cluster, through a healthy state, an OSD that is down, and full OSDs (HEALTH_ERR).
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import type { Datum } from '../../../src/datum.js';
import { ReadingTimeoutError, timeoutEach } from '../../../src/operators/timeoutEach.js';
import { CommandError } from '../../../src/sources/abortable.js';
import { createCephSource } from '../../../src/sources/ceph/index.js';
import type { Source } from '../../../src/source.js';
import { CEPH, healthyCeph, TEST_POOL, type CephCluster } from '../../servers/ceph.js';
import { freePort, freshDir, waitFor } from '../../servers/harness.js';
import { countingContext, type CountingContext } from '../../helpers/skips.js';

const read = (source: Source): Promise<Datum[]> => firstValueFrom(source.collect());

/** The value of one series of the reading (tags given are matched; `cluster=ceph` is on every point). */
function valueOf(data: readonly Datum[], metric: string, tags: Record<string, string> = {}): number | undefined {
  const found = data.filter((point) => point.metric === metric
    && Object.entries(tags).every(([key, value]) => point.tags[key] === value));
  assert.ok(found.length <= 1, `${metric} ${JSON.stringify(tags)} is sent ${found.length} times`);
  return found[0]?.value;
}

/** PIDs of running processes whose command line mentions `text`. */
function processesMentioning(text: string): number[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).filter((pid) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(text);
    } catch {
      return false;
    }
  }).map(Number);
}

interface CliStatus {
  health: { status: string };
  quorum: number[];
  monmap: { num_mons: number };
  osdmap: { num_osds: number; num_up_osds: number; num_in_osds: number };
  pgmap: { num_pgs: number; num_pools: number; num_objects: number; pgs_by_state: { state_name: string; count: number }[] };
}

interface CliDf {
  stats: { total_bytes: number };
  pools: { name: string; stats: { objects: number; stored: number } }[];
}

describe('ceph source against a real cluster', function () {
  this.timeout(180_000);
  let cluster: CephCluster;
  let source: Source;
  let context: CountingContext;

  before(async function () {
    cluster = await healthyCeph(this);
    context = countingContext();
    source = createCephSource({ configFile: cluster.conf, cephCommand: CEPH }, context);
  });

  it('HEALTH_OK: health 0, no check, and the counts ceph -s and ceph df print', async () => {
    await cluster.putObject('ok-object', 1 << 20);
    await waitFor('the object counted in ceph df', async () =>
      ((await cluster.json('df')) as CliDf).pools.find((pool) => pool.name === TEST_POOL)?.stats.objects === 1, 30_000, 500);
    const data = await read(source);
    const status = (await cluster.json('-s')) as CliStatus;
    const df = (await cluster.json('df')) as CliDf;

    assert.equal(status.health.status, 'HEALTH_OK');
    assert.equal(valueOf(data, 'ceph.health'), 0);
    assert.deepEqual(data.filter((point) => point.metric.startsWith('ceph.health.check')), []);
    assert.equal(valueOf(data, 'ceph.mon.in_quorum'), status.quorum.length);
    assert.equal(valueOf(data, 'ceph.mon.out_of_quorum'), status.monmap.num_mons - status.quorum.length);
    assert.equal(valueOf(data, 'ceph.osds.total'), status.osdmap.num_osds);
    assert.equal(valueOf(data, 'ceph.osds.up'), status.osdmap.num_up_osds);
    assert.equal(valueOf(data, 'ceph.osds.in'), status.osdmap.num_in_osds);
    assert.equal(valueOf(data, 'ceph.osds.up'), 1);
    assert.equal(valueOf(data, 'ceph.pg.total'), status.pgmap.num_pgs);
    assert.equal(valueOf(data, 'ceph.pools'), status.pgmap.num_pools);
    assert.equal(valueOf(data, 'ceph.objects'), status.pgmap.num_objects);
    assert.deepEqual(status.pgmap.pgs_by_state.map((state) => state.state_name), ['active+clean']);
    assert.equal(valueOf(data, 'ceph.pg.state', { state: 'active' }), status.pgmap.num_pgs);
    assert.equal(valueOf(data, 'ceph.pg.state', { state: 'clean' }), status.pgmap.num_pgs);
    assert.equal(valueOf(data, 'ceph.bytes.total'), df.stats.total_bytes);
    for (const pool of df.pools) {
      assert.equal(valueOf(data, 'ceph.pool.objects', { pool: pool.name }), pool.stats.objects, pool.name);
      assert.equal(valueOf(data, 'ceph.pool.bytes.stored', { pool: pool.name }), pool.stats.stored, pool.name);
    }
    assert.equal(valueOf(data, 'ceph.pool.objects', { pool: TEST_POOL }), 1);
    assert.equal(valueOf(data, 'ceph.pool.bytes.stored', { pool: TEST_POOL }), 1 << 20);
    assert.equal(valueOf(data, 'ceph.osd.up', { osd: 'osd.0' }), 1);
    assert.ok((valueOf(data, 'ceph.osd.utilization', { osd: 'osd.0' }) ?? 0) > 0);
    assert.equal(valueOf(data, 'ceph.osd.ratio.full'), 0.949999988079071);
    assert.ok(data.every((point) => point.tags.cluster === 'ceph'));
    assert.equal(context.skipped, 0);
  });

  it('OSD stopped: OSD_DOWN raised, no OSD up, PGs stale; started again: the check and stale are sent as 0', async () => {
    await cluster.stopOsd();
    try {
      const down = await waitFor('OSD_DOWN and stale PGs in the reading', async () => {
        const data = await read(source);
        const raised = valueOf(data, 'ceph.health.check', { check: 'OSD_DOWN' }) === 1;
        return raised && (valueOf(data, 'ceph.pg.state', { state: 'stale' }) ?? 0) > 0 ? data : undefined;
      }, 60_000, 500);
      assert.equal(valueOf(down, 'ceph.health'), 1);
      assert.equal(valueOf(down, 'ceph.health.check.count', { check: 'OSD_DOWN' }), 1);
      assert.equal(valueOf(down, 'ceph.osds.up'), 0);
      assert.equal(valueOf(down, 'ceph.osds.total'), 1);
      assert.equal(valueOf(down, 'ceph.osd.up', { osd: 'osd.0' }), 0);
      assert.equal(valueOf(down, 'ceph.pg.state', { state: 'stale' }), valueOf(down, 'ceph.pg.total'));
    } finally {
      await cluster.startOsd();
    }
    const healed = await read(source);
    assert.equal(valueOf(healed, 'ceph.health'), 0);
    assert.equal(valueOf(healed, 'ceph.health.check', { check: 'OSD_DOWN' }), 0);
    assert.equal(valueOf(healed, 'ceph.health.check.count', { check: 'OSD_DOWN' }), 0);
    assert.equal(valueOf(healed, 'ceph.osds.up'), 1);
    assert.equal(valueOf(healed, 'ceph.pg.state', { state: 'stale' }), 0);
    assert.equal(context.skipped, 0);
  });

  it('a pool filled past tiny full ratios: HEALTH_ERR, OSD_FULL an error, POOL_FULL raised', async () => {
    await cluster.putObject('filler', 8 << 20);
    await cluster.setTinyFullRatios();
    try {
      // The OSD raises OSD_FULL from its own statfs, while `osd df` comes from the PG statistics the manager gathers
      // every few seconds: a reading can have the error before the utilization that explains it. Wait for both.
      let last: Datum[] = [];
      const full = await waitFor('HEALTH_ERR and the filler\'s utilization in the reading', async () => {
        last = await read(source);
        const utilization = valueOf(last, 'ceph.osd.utilization', { osd: 'osd.0' }) ?? 0;
        return valueOf(last, 'ceph.health') === 2 && utilization / 100 > 0.003 ? last : undefined;
      }, 60_000, 500).catch((error: unknown) => {
        const seen = `health ${valueOf(last, 'ceph.health')}, utilization ${valueOf(last, 'ceph.osd.utilization', { osd: 'osd.0' })}%`;
        throw new Error(`${(error as Error).message}; last reading: ${seen}`);
      });
      assert.equal(valueOf(full, 'ceph.health.check', { check: 'OSD_FULL' }), 2);
      assert.equal(valueOf(full, 'ceph.osd.ratio.full'), 0.003000000026077032);
      // POOL_FULL follows OSD_FULL once the monitor has marked the pools
      await waitFor('POOL_FULL', async () => valueOf(await read(source), 'ceph.health.check', { check: 'POOL_FULL' }) === 1, 30_000, 500);
    } finally {
      await cluster.restoreFullRatios();
    }
  });

  it('fails the reading with a clear error when no monitor answers within --connect-timeout', async () => {
    const dir = freshDir('ceph-dead-quick');
    const conf = join(dir, 'ceph.conf');
    writeFileSync(conf, `[global]\nmon_host = 127.0.0.1:${await freePort()}\nauth_client_required = none\nlog_file = ${dir}/client.log\n`);
    const quick = createCephSource({ configFile: conf, cephCommand: CEPH, connectTimeoutSeconds: 1 });
    await assert.rejects(read(quick), (error: unknown) => error instanceof CommandError && error.message.includes(conf) && /timed out$/.test(error.message));
  });

  it('an unreachable monitor is cancelled at the reading\'s timeout, and every ceph child is killed', async () => {
    const dir = freshDir('ceph-dead');
    const conf = join(dir, 'ceph.conf');
    writeFileSync(conf, `[global]\nmon_host = 127.0.0.1:${await freePort()}\nauth_client_required = none\nlog_file = ${dir}/client.log\n`);
    const dead = createCephSource({ configFile: conf, cephCommand: CEPH, connectTimeoutSeconds: 60 });
    const reading = firstValueFrom(dead.collect().pipe(timeoutEach(3_000)));
    const running = await waitFor('the ceph commands running', () => {
      const pids = processesMentioning(conf);
      return pids.length === 5 ? pids : undefined;
    }, 3_000, 50);
    await assert.rejects(reading, ReadingTimeoutError);
    await waitFor('every ceph child gone', () => processesMentioning(conf).length === 0, 2_000, 50);
    assert.equal(running.length, 5);
  });
});
