/**
 * A real 3-node Galera cluster (MariaDB + galera-4) on loopback ports. The shared one is started once per test run;
 * tests that kill nodes start their own with `startGaleraCluster` so test order does not matter.
 *
 * What the project's server notes record as necessary on these machines: run as `user=mysql` with the directories chowned (rsync SST
 * fails as root), explicit listen addresses (Galera binds 0.0.0.0 otherwise), node 1 bootstrapped with
 * --wsrep-new-cluster and the joiners started one at a time (a donor serves one SST at a time), short EVS timeouts so a
 * killed node leaves the view in seconds, and SIGKILL escalation (a node without a primary ignores SIGTERM).
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, freshDir, hasCommand, shared, waitFor, type Daemon, type Server } from './harness.js';
import {
  baseConfig, errorLog, globalStatus, untilExit, mariadbAvailable, seedDatadir, spawnMariadbd, sql, waitReady, writeConfig,
  type MariadbEndpoint, type Row,
} from './mariadb.js';

const PROVIDER = '/usr/lib/galera/libgalera_smm.so';

export const galeraAvailable = (): boolean => mariadbAvailable() && hasCommand(PROVIDER) && hasCommand('rsync');

export interface GaleraNode extends MariadbEndpoint {
  /** 1-based, as in the node's name. */
  readonly index: number;
  readonly dir: string;
  /** Whether we believe mariadbd runs (false after kill/stop until start). */
  readonly running: boolean;
  sql(statement: string): Promise<Row[]>;
  status(like?: string): Promise<Map<string, string>>;
  /** Sends a signal to the node's mariadbd and waits until it has exited. */
  kill(signal: 'SIGKILL' | 'SIGTERM'): Promise<void>;
  /** (Re)starts the node as a joiner and waits until it is Synced. */
  start(): Promise<void>;
}

export interface GaleraCluster extends Server {
  readonly name: string;
  readonly nodes: readonly GaleraNode[];
}

/** The cluster shared by every test that does not kill nodes. */
export function galeraCluster(): Promise<GaleraCluster> {
  return shared('galera', () => startGaleraCluster('galera'));
}

interface Ports {
  mysql: number;
  gcomm: number;
  ist: number;
  sst: number;
}

/** Starts a cluster of `size` nodes under its own name (directories and cluster name), bootstrapping node 1. */
export async function startGaleraCluster(name: string, size = 3): Promise<GaleraCluster> {
  const ports: Ports[] = [];
  for (let i = 0; i < size; i++) {
    ports.push({ mysql: await freePort(), gcomm: await freePort(), ist: await freePort(), sst: await freePort() });
  }
  const clusterAddress = `gcomm://${ports.map((p) => `127.0.0.1:${p.gcomm}`).join(',')}`;
  const nodes = ports.map((p, i) => createNode(name, i + 1, p, clusterAddress));
  try {
    const [first, ...joiners] = nodes;
    if (first === undefined) throw new Error('a cluster needs at least one node');
    await first.bootstrap();
    for (const node of joiners) await node.start();
  } catch (error) {
    await Promise.allSettled(nodes.map((node) => node.stop()));
    throw error;
  }
  return {
    name,
    nodes,
    async stop() {
      // joiners first, so the last one standing is never asked to leave a non-primary view it would hang in
      for (const node of [...nodes].reverse()) await node.stop();
    },
  };
}

interface ManagedNode extends GaleraNode {
  bootstrap(): Promise<void>;
  stop(): Promise<void>;
}

function createNode(cluster: string, index: number, ports: Ports, clusterAddress: string): ManagedNode {
  const dir = freshDir(`${cluster}/node${index}`);
  const endpoint: MariadbEndpoint = { host: '127.0.0.1', port: ports.mysql, socket: join(dir, 'mysqld.sock'), user: 'root' };
  const providerOptions = [
    `gmcast.listen_addr=tcp://127.0.0.1:${ports.gcomm}`,
    `ist.recv_addr=127.0.0.1:${ports.ist}`,
    'gcache.size=16M',
    'evs.suspect_timeout=PT3S',
    'evs.inactive_timeout=PT6S',
    'evs.install_timeout=PT6S',
  ].join(';');
  const lines = [
    ...baseConfig(dir, ports.mysql),
    'binlog_format=ROW',
    'default_storage_engine=InnoDB',
    'innodb_autoinc_lock_mode=2',
    'wsrep_on=ON',
    `wsrep_provider=${PROVIDER}`,
    `wsrep_cluster_name=rx-${cluster.replace(/[^a-z0-9-]/gi, '-')}`,
    `wsrep_cluster_address=${clusterAddress}`,
    `wsrep_node_address=127.0.0.1:${ports.gcomm}`,
    `wsrep_node_name=node${index}`,
    'wsrep_sst_method=rsync',
    `wsrep_sst_receive_address=127.0.0.1:${ports.sst}`,
    `wsrep_provider_options="${providerOptions}"`,
  ];
  let daemon: Daemon | undefined;
  let configFile: string | undefined;

  const status = (like = 'wsrep_%'): Promise<Map<string, string>> => globalStatus(endpoint, like);

  async function launch(extraArgs: readonly string[]): Promise<void> {
    configFile ??= await writeConfig(dir, lines);
    daemon = spawnMariadbd(`${cluster.replace('/', '-')}-node${index}`, configFile, extraArgs);
    const current = daemon;
    try {
      await waitReady(endpoint, current, dir, 90_000);
      await untilExit(current, waitFor(`node ${index} Synced`, async () =>
        (await status('wsrep_local_state_comment')).get('wsrep_local_state_comment') === 'Synced', 90_000, 200));
    } catch (error) {
      throw new Error(`galera ${cluster} node ${index}: ${(error as Error).message}\n${errorLog(dir)}`);
    }
  }

  return {
    ...endpoint,
    index,
    dir,
    get running() {
      return daemon !== undefined && daemon.child.exitCode === null && daemon.child.signalCode === null;
    },
    sql: (statement) => sql(endpoint, statement),
    status,
    async bootstrap() {
      await seedDatadir(join(dir, 'data'));
      await launch(['--wsrep-new-cluster']);
    },
    async start() {
      // a node killed mid-way may hold a stale pid file; the datadir (and grastate) is kept so it rejoins by IST
      rmSync(join(dir, 'mysqld.pid'), { force: true });
      mkdirSync(join(dir, 'data'), { recursive: true });
      await launch([]);
    },
    async kill(signal) {
      if (daemon === undefined) return;
      daemon.kill(signal);
      await daemon.exited;
    },
    async stop() {
      await daemon?.stop(5_000);
    },
  };
}
