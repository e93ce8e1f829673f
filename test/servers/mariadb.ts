/**
 * Real MariaDB servers for the MySQL and Galera tests: a plain server (no wsrep provider) started once per run, and the
 * pieces the Galera cluster (test/servers/galera.ts) is built from — one system-table template, one my.cnf per server,
 * a daemon run as `user=mysql`, and a small SQL helper.
 */
import { execFile } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import mysql from 'mysql2/promise';
import { freePort, freshDir, hasCommand, shared, spawnDaemon, waitFor, type Daemon, type Server } from './harness.js';

const run = promisify(execFile);

export const MARIADBD = '/usr/sbin/mariadbd';
export const mariadbAvailable = (): boolean => hasCommand(MARIADBD) && hasCommand('mariadb-install-db');

/** Connection details a test hands to the sources: root without a password, over TCP or the unix socket. */
export interface MariadbEndpoint {
  readonly host: string;
  readonly port: number;
  readonly socket: string;
  readonly user: string;
}

export type Row = Record<string, unknown>;

/** Runs one statement on a server and returns its rows (a fresh connection each time, so it works across restarts). */
export async function sql(endpoint: MariadbEndpoint, statement: string): Promise<Row[]> {
  const connection = await mysql.createConnection({
    host: endpoint.host, port: endpoint.port, user: endpoint.user, connectTimeout: 5_000,
  });
  try {
    const [rows] = await connection.query(statement);
    return Array.isArray(rows) ? (rows as Row[]) : [];
  } finally {
    connection.destroy();
  }
}

/** `SHOW GLOBAL STATUS LIKE …` as a name → value map. */
export async function globalStatus(endpoint: MariadbEndpoint, like = '%'): Promise<Map<string, string>> {
  const rows = await sql(endpoint, `SHOW GLOBAL STATUS LIKE '${like}'`);
  return new Map(rows.map((row) => [String(row.Variable_name), String(row.Value)]));
}

/**
 * A datadir with the system tables, made once per run and copied for every server: mariadb-install-db takes seconds,
 * a copy milliseconds. Joiners of a Galera cluster do not need it (they get state by SST).
 */
export function systemTemplate(): Promise<string> {
  return shared('mariadb-template', async () => {
    const dir = freshDir('mariadb-template');
    const datadir = join(dir, 'data');
    // Without the auth option root could only log in through the socket as the unix root user.
    await run('mariadb-install-db', ['--no-defaults', '--user=mysql', `--datadir=${datadir}`,
      '--auth-root-authentication-method=normal', '--skip-test-db'], { timeout: 120_000 });
    return { datadir, stop: () => Promise.resolve() };
  }).then((template) => template.datadir);
}

/** Copies the system-table template into `datadir`. */
export async function seedDatadir(datadir: string): Promise<void> {
  cpSync(await systemTemplate(), datadir, { recursive: true });
}

/** The lines every test server's my.cnf shares: own paths, loopback only, small and fast. */
export function baseConfig(dir: string, port: number): string[] {
  return [
    '[mysqld]',
    'user=mysql',
    `datadir=${join(dir, 'data')}`,
    `socket=${join(dir, 'mysqld.sock')}`,
    `pid-file=${join(dir, 'mysqld.pid')}`,
    `log-error=${join(dir, 'error.log')}`,
    `tmpdir=${dir}`,
    `port=${port}`,
    'bind-address=127.0.0.1',
    'innodb_buffer_pool_size=32M',
    'innodb_log_file_size=16M',
    'performance_schema=OFF',
    'max_connections=2000',
  ];
}

/** Writes `lines` as the server's my.cnf and hands the directory to the mysql user (mariadbd drops to it). */
export async function writeConfig(dir: string, lines: readonly string[]): Promise<string> {
  const file = join(dir, 'my.cnf');
  writeFileSync(file, `${lines.join('\n')}\n`);
  await run('chown', ['-R', 'mysql:mysql', dir]);
  return file;
}

/** Starts mariadbd with only its own my.cnf (first argument, so /etc/mysql is never read). */
export function spawnMariadbd(name: string, configFile: string, extraArgs: readonly string[] = []): Daemon {
  return spawnDaemon(name, MARIADBD, [`--defaults-file=${configFile}`, ...extraArgs]);
}

/**
 * Waits until the server answers a query over TCP, failing at once when mariadbd exits; on failure the error carries
 * the server's log.
 */
export async function waitReady(endpoint: MariadbEndpoint, daemon: Daemon, dir: string, timeoutMs = 60_000): Promise<void> {
  await untilExit(daemon, waitFor(`mariadbd on port ${endpoint.port}`, async () => {
    await sql(endpoint, 'SELECT 1');
    return true;
  }, timeoutMs, 200)).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n${daemon.output()}\n${errorLog(dir)}`);
  });
}

/** `wait`, or an error as soon as the daemon exits before it settles. */
export async function untilExit<T>(daemon: Daemon, wait: Promise<T>): Promise<T> {
  const exit = daemon.exited.then((code) => {
    throw new Error(`mariadbd exited with ${code}`);
  });
  return Promise.race([wait, exit]);
}

/** The tail of a server's error log, for failure messages. */
export function errorLog(dir: string): string {
  const file = join(dir, 'error.log');
  if (!existsSync(file)) return '(no error log)';
  return readFileSync(file, 'utf8').slice(-4_000);
}

export interface PlainMariadb extends Server, MariadbEndpoint {
  readonly dir: string;
  readonly daemon: Daemon;
  /** Stops the server (SIGTERM) without forgetting it; `start` brings it back on the same port and datadir. */
  halt(): Promise<void>;
  start(): Promise<void>;
}

/** A plain MariaDB without a wsrep provider, started once per test run. */
export function plainMariadb(): Promise<PlainMariadb> {
  return shared('mariadb-plain', () => startPlainMariadb('mariadb-plain'));
}

export interface PlainMariadbOptions {
  /** Replication server id; a replica needs one different from its primary's. Default 1. */
  serverId?: number;
  /** More [mysqld] lines (TLS certificates, say). */
  config?: readonly string[];
}

/** Starts a plain MariaDB of its own (for tests that stop it, a replica, or one with TLS). */
export async function startPlainMariadb(name: string, options: PlainMariadbOptions = {}): Promise<PlainMariadb> {
  const dir = freshDir(name);
  await seedDatadir(join(dir, 'data'));
  const port = await freePort();
  const configFile = await writeConfig(dir,
    [...baseConfig(dir, port), 'log-bin=mysql-bin', `server-id=${options.serverId ?? 1}`, ...(options.config ?? [])]);
  const endpoint = { host: '127.0.0.1', port, socket: join(dir, 'mysqld.sock'), user: 'root' };
  let daemon = spawnMariadbd(name, configFile);
  await waitReady(endpoint, daemon, dir);
  return {
    ...endpoint,
    dir,
    get daemon() {
      return daemon;
    },
    stop: () => daemon.stop(10_000),
    halt: () => daemon.stop(10_000),
    async start() {
      daemon = spawnMariadbd(name, configFile);
      await waitReady(endpoint, daemon, dir);
    },
  };
}
