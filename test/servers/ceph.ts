/**
 * A real one-host Ceph cluster (Debian's pacific packages): one monitor, one manager and one memory-backed OSD, all
 * configured by one private ceph.conf under the test state dir (nothing in /etc/ceph is read), authentication off.
 * Started once per test run; tests stop and start the OSD, set tiny full ratios and fill a pool to reach HEALTH_ERR.
 */
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, freshDir, hasCommand, shared, spawnDaemon, unavailable, waitFor, type Daemon, type Server } from './harness.js';

const run = promisify(execFile);

export const CEPH = '/usr/bin/ceph';
const BINARIES = [CEPH, '/usr/bin/ceph-mon', '/usr/bin/ceph-mgr', '/usr/bin/ceph-osd', '/usr/bin/monmaptool'];

/** The pool the harness creates (size 1: one OSD is all there is). */
export const TEST_POOL = 'rxpool';

/** The full ratios a fresh cluster has (Ceph's defaults), to put back after a HEALTH_ERR test. */
const DEFAULT_RATIOS = { nearfull: 0.85, backfillfull: 0.9, full: 0.95 } as const;

export interface CephCluster extends Server {
  /** The private ceph.conf every command must be given with `-c`. */
  readonly conf: string;
  readonly dir: string;
  /** Runs `ceph -c <conf> <args> -f json` and returns the parsed answer (the CLI's own view, for comparisons). */
  json(...args: string[]): Promise<unknown>;
  /** Runs `ceph -c <conf> <args>` and returns its stdout. */
  ceph(...args: string[]): Promise<string>;
  /** Stops the OSD process (SIGTERM) and waits until the monitor marks it down. */
  stopOsd(): Promise<void>;
  /** Starts the OSD again and waits for HEALTH_OK with every PG active+clean. */
  startOsd(): Promise<void>;
  /** Sets full ratios so low that the pool's few MB exceed them. */
  setTinyFullRatios(): Promise<void>;
  /** Puts Ceph's default full ratios back and waits for HEALTH_OK with every PG active+clean. */
  restoreFullRatios(): Promise<void>;
  /** Writes `bytes` of data as one object into the test pool. */
  putObject(name: string, bytes: number): Promise<void>;
  /** Waits until `ceph health` says `status` (e.g. HEALTH_ERR). */
  waitForHealth(status: string, timeoutMs?: number): Promise<void>;
  /** Waits for HEALTH_OK and every PG active+clean. */
  waitForHealthy(): Promise<void>;
}

export const cephAvailable = (): boolean => BINARIES.every((binary) => hasCommand(binary));

/** For a suite's `before` hook: the shared cluster at HEALTH_OK; under CI=true an absent Ceph fails the run. */
export async function healthyCeph(ctx: Mocha.Context): Promise<CephCluster> {
  if (!cephAvailable()) unavailable(ctx, 'ceph-mon/ceph-mgr/ceph-osd/ceph-common are not installed (test/servers/install.sh)');
  ctx.timeout(120_000);
  const cluster = await cephCluster();
  await cluster.waitForHealthy();
  return cluster;
}

/** The shared cluster, started on first use (the caller checks `cephAvailable()` first). */
export function cephCluster(): Promise<CephCluster> {
  return shared('ceph', start);
}

function cephConf(dir: string, fsid: string, v2: number, v1: number, portMin: number): string {
  const portMax = Math.min(portMin + 200, 65_535);
  return `[global]
fsid = ${fsid}
mon_host = [v2:127.0.0.1:${v2},v1:127.0.0.1:${v1}]
public_network = 127.0.0.0/8
cluster_network = 127.0.0.0/8
ms_bind_ipv6 = false
ms_bind_port_min = ${portMin}
ms_bind_port_max = ${portMax}
auth_cluster_required = none
auth_service_required = none
auth_client_required = none
auth_allow_insecure_global_id_reclaim = false
run_dir = ${dir}/run
admin_socket = ${dir}/run/$cluster-$name.asok
pid_file = ${dir}/run/$cluster-$name.pid
log_file = ${dir}/log/$cluster-$name.log
mon_cluster_log_file = ${dir}/log/$cluster.log
crash_dir = ${dir}/crash
mon_data = ${dir}/mon/$cluster-$id
mgr_data = ${dir}/mgr/$cluster-$id
osd_data = ${dir}/osd/$cluster-$id
osd_objectstore = memstore
memstore_device_bytes = 1073741824
osd_pool_default_size = 1
osd_pool_default_min_size = 1
mon_allow_pool_size_one = true
osd_crush_chooseleaf_type = 0
mon_warn_on_pool_no_redundancy = false
mon_data_avail_warn = 1
mon_data_avail_crit = 0
mon_osd_report_timeout = 20
osd_fast_shutdown = false
mgr_initial_modules = iostat
mon_allow_pool_delete = true
# the autoscaler would change PG counts while tests compare them
osd_pool_default_pg_autoscale_mode = off

[mon]
public_addr = 127.0.0.1

[mgr]
public_addr = 127.0.0.1

[osd]
public_addr = 127.0.0.1
cluster_addr = 127.0.0.1
`;
}

async function start(): Promise<CephCluster> {
  const dir = freshDir('ceph');
  for (const sub of ['run', 'log', 'crash', 'mon', 'mgr', 'osd']) mkdirSync(join(dir, sub), { recursive: true });
  const fsid = randomUUID();
  const [v2, v1, portMin] = [await freePort(), await freePort(), await freePort()];
  const conf = join(dir, 'ceph.conf');
  writeFileSync(conf, cephConf(dir, fsid, v2, v1, portMin));

  const ceph = async (...args: string[]): Promise<string> =>
    (await run(CEPH, ['-c', conf, '--connect-timeout', '10', ...args], { timeout: 60_000, maxBuffer: 16 << 20 })).stdout;
  const json = async (...args: string[]): Promise<unknown> => JSON.parse(await ceph(...args, '-f', 'json')) as unknown;
  const daemons: Daemon[] = [];
  const daemon = (name: string, binary: string, args: readonly string[]): Daemon => {
    const started = spawnDaemon(`ceph-${name}`, binary, ['-c', conf, ...args, '-f']);
    daemons.push(started);
    return started;
  };

  const monmap = join(dir, 'monmap');
  await run('/usr/bin/monmaptool', ['--create', '--fsid', fsid, '--addv', 'a', `[v2:127.0.0.1:${v2},v1:127.0.0.1:${v1}]`, monmap]);
  await run('/usr/bin/ceph-mon', ['-c', conf, '--mkfs', '-i', 'a', '--monmap', monmap]);
  daemon('mon', '/usr/bin/ceph-mon', ['-i', 'a']);
  await waitFor('ceph monitor', async () => (await ceph('mon', 'stat')).includes('quorum'), 30_000, 300);
  mkdirSync(join(dir, 'mgr', 'ceph-x'), { recursive: true });
  daemon('mgr', '/usr/bin/ceph-mgr', ['-i', 'x']);

  const osdUuid = randomUUID();
  const osdId = (await ceph('osd', 'new', osdUuid)).trim();
  mkdirSync(join(dir, 'osd', `ceph-${osdId}`), { recursive: true });
  await run('/usr/bin/ceph-osd', ['-c', conf, '-i', osdId, '--mkfs', '--osd-uuid', osdUuid]);
  let osd: Daemon | undefined = daemon('osd', '/usr/bin/ceph-osd', ['-i', osdId]);

  const status = async (): Promise<CephStatus> => (await json('status')) as CephStatus;
  await waitFor('ceph mgr available and 1 OSD up', async () => {
    const now = await status();
    return now.mgrmap?.available === true && now.osdmap?.num_up_osds === 1;
  }, 60_000, 500);
  await ceph('osd', 'pool', 'create', TEST_POOL, '8', '8');
  await ceph('osd', 'pool', 'set', TEST_POOL, 'size', '1', '--yes-i-really-mean-it');
  await ceph('osd', 'pool', 'application', 'enable', TEST_POOL, 'rados');

  const waitForHealth = async (wanted: string, timeoutMs = 60_000): Promise<void> => {
    let last = '';
    await waitFor(`ceph ${wanted}`, async () => {
      last = (await ceph('health')).trim();
      return last.startsWith(wanted);
    }, timeoutMs, 500).catch((error: unknown) => {
      throw new Error(`${(error as Error).message} (last: ${last})`);
    });
  };

  const waitForHealthy = async (): Promise<void> => {
    await waitForHealth('HEALTH_OK', 90_000);
    // HEALTH_OK comes before the PG statistics catch up: new PGs are `unknown`, a restarted OSD's PGs still `stale`.
    await waitFor('every PG active+clean', async () => {
      const states = (await status()).pgmap?.pgs_by_state ?? [];
      return states.length > 0 && states.every((state) => state.state_name === 'active+clean');
    }, 60_000, 500);
  };

  return {
    conf,
    dir,
    ceph,
    json,
    waitForHealth,
    waitForHealthy,
    async stopOsd() {
      await osd?.stop(20_000);
      osd = undefined;
      await waitFor('OSD marked down', async () => (await status()).osdmap?.num_up_osds === 0, 60_000, 500);
    },
    async startOsd() {
      if (osd === undefined) osd = daemon('osd', '/usr/bin/ceph-osd', ['-i', osdId]);
      await waitFor('OSD up', async () => (await status()).osdmap?.num_up_osds === 1, 60_000, 500);
      await waitForHealthy();
    },
    async setTinyFullRatios() {
      await ceph('osd', 'set-nearfull-ratio', '0.001');
      await ceph('osd', 'set-backfillfull-ratio', '0.002');
      await ceph('osd', 'set-full-ratio', '0.003');
    },
    async restoreFullRatios() {
      await ceph('osd', 'set-full-ratio', String(DEFAULT_RATIOS.full));
      await ceph('osd', 'set-backfillfull-ratio', String(DEFAULT_RATIOS.backfillfull));
      await ceph('osd', 'set-nearfull-ratio', String(DEFAULT_RATIOS.nearfull));
      await waitForHealthy();
    },
    async putObject(name: string, bytes: number) {
      const file = join(dir, `${name}.bin`);
      writeFileSync(file, Buffer.alloc(bytes, 0x5a));
      await run('/usr/bin/rados', ['-c', conf, '-p', TEST_POOL, 'put', name, file], { timeout: 60_000 });
    },
    async stop() {
      // Reverse order: the OSD reports to a live monitor, the monitor goes last.
      for (const started of [...daemons].reverse()) await started.stop(15_000);
    },
  };
}

/** The few fields of `ceph status` the harness waits on. */
interface CephStatus {
  mgrmap?: { available?: boolean };
  osdmap?: { num_up_osds?: number };
  pgmap?: { pgs_by_state?: { state_name: string }[] };
}
