/**
 * The MySQL performance source: pure parsing of real `SHOW GLOBAL STATUS` / `SHOW ALL SLAVES STATUS` output captured
 * from MariaDB 10.11, then against real servers (a plain MariaDB, and a second one replicating from it).
 */
import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import type { Datum } from '../../../src/datum.js';
import { createMysqlSource, METRICS, parseGlobalStatus, parseReplicaStatus, type MysqlSource, type ReplicaRow } from '../../../src/sources/mysql/index.js';
import { unavailable, waitFor } from '../../servers/harness.js';
import { globalStatus, mariadbAvailable, plainMariadb, sql, startPlainMariadb, type PlainMariadb } from '../../servers/mariadb.js';

const fixtureUrl = (name: string): URL => new URL(`../../fixtures/mysql/${name}`, import.meta.url);

function statusFixture(): { Variable_name: string; Value: string }[] {
  return readFileSync(fixtureUrl('show-global-status.tsv'), 'utf8').split('\n')
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const tab = line.indexOf('\t');
      return { Variable_name: line.slice(0, tab), Value: line.slice(tab + 1) };
    });
}

const replicaFixture = (): ReplicaRow[] => JSON.parse(readFileSync(fixtureUrl('show-all-slaves-status.json'), 'utf8')) as ReplicaRow[];

const key = (point: { metric: string; tags: Record<string, string> }): string => {
  const tags = Object.entries(point.tags).filter(([name]) => name !== 'name').map(([name, value]) => `${name}=${value}`);
  return tags.length === 0 ? point.metric : `${point.metric}{${tags.join(',')}}`;
};

describe('MySQL: parsing', () => {
  const rows = statusFixture();
  const raw = (name: string): string => rows.find((row) => row.Variable_name === name)?.Value ?? '';

  it('sends each table variable as mysql.<lower-cased name> with the server\'s value', () => {
    const values = new Map(parseGlobalStatus(rows).values.map((value) => [key(value), value.value]));
    for (const name of ['Connections', 'Threads_connected', 'Threads_running', 'Threads_cached', 'Threads_created', 'Queries',
      'Questions', 'Bytes_sent', 'Bytes_received', 'Slow_queries', 'Aborted_clients', 'Aborted_connects',
      'Innodb_buffer_pool_pages_dirty', 'Innodb_buffer_pool_pages_free', 'Innodb_buffer_pool_reads',
      'Innodb_buffer_pool_read_requests', 'Handler_write', 'Handler_delete', 'Rows_read', 'Innodb_row_lock_waits', 'Innodb_row_lock_time',
      'Table_locks_waited', 'Open_tables', 'Open_files']) {
      strictEqual(values.get(`mysql.${name.toLowerCase()}`), Number(raw(name)), name);
    }
  });

  it('sends every Com_* counter as mysql.com with the command tag, and nothing it has no row for', () => {
    const reading = parseGlobalStatus(rows);
    const com = rows.filter((row) => row.Variable_name.startsWith('Com_'));
    ok(com.length > 100, `${com.length} Com_ rows`);
    const sent = reading.values.filter((value) => value.metric === 'mysql.com');
    strictEqual(sent.length, com.length);
    strictEqual(sent.find((value) => value.tags.command === 'select')?.value, Number(raw('Com_select')));
    const described = new Set(METRICS.map((meta) => meta.metric));
    ok(reading.values.every((value) => described.has(value.metric)), 'every sent metric is in the table');
    deepStrictEqual(reading.skipped, []);
    strictEqual(reading.values.some((value) => value.metric === 'mysql.ssl_cipher'), false);
  });

  it('skips and reports a table variable that is not a number', () => {
    const broken = rows.map((row) => (row.Variable_name === 'Threads_running' ? { ...row, Value: 'n/a' } : row));
    deepStrictEqual(parseGlobalStatus(broken).skipped, ['Threads_running']);
  });

  it('reads every replication connection, tagged by its name, without a delay while the SQL thread is stopped', () => {
    const replicas = replicaFixture();
    const values = new Map(parseReplicaStatus(replicas).values.map((value) => [key(value), value.value]));
    const eu = replicas.find((row) => row.Connection_name === 'eu');
    deepStrictEqual(Object.fromEntries(values), {
      'mysql.slave.thread_io_running{channel=default}': 0,
      'mysql.slave.thread_sql_running{channel=default}': 0,
      'mysql.slave.relay_log_space{channel=default}': Number(replicas[0]?.Relay_Log_Space),
      'mysql.slave.thread_io_running{channel=eu}': 1,
      'mysql.slave.thread_sql_running{channel=eu}': 1,
      'mysql.slave.seconds_behind_master{channel=eu}': Number(eu?.Seconds_Behind_Master),
      'mysql.slave.relay_log_space{channel=eu}': Number(eu?.Relay_Log_Space),
    });
  });

  it('understands MySQL 8\'s Replica/Source column names', () => {
    const mysql8: ReplicaRow = { Channel_Name: '', Replica_IO_Running: 'Connecting', Replica_SQL_Running: 'Yes',
      Seconds_Behind_Source: '7', Relay_Log_Space: '1024' };
    deepStrictEqual(parseReplicaStatus([mysql8]).values.map((value) => [key(value), value.value]), [
      ['mysql.slave.thread_io_running{channel=default}', 0],
      ['mysql.slave.thread_sql_running{channel=default}', 1],
      ['mysql.slave.seconds_behind_master{channel=default}', 7],
      ['mysql.slave.relay_log_space{channel=default}', 1024],
    ]);
  });

  it('declares the cumulative counts as counters and the levels as gauges', () => {
    const rate = new Map(METRICS.map((meta) => [meta.metric, meta.rate]));
    for (const counter of ['connections', 'queries', 'questions', 'bytes_sent', 'slow_queries', 'com', 'innodb_rows_inserted']) {
      strictEqual(rate.get(`mysql.${counter}`), 'counter', counter);
    }
    for (const gauge of ['threads_connected', 'threads_running', 'open_tables', 'innodb_buffer_pool_pages_dirty', 'slave.seconds_behind_master']) {
      strictEqual(rate.get(`mysql.${gauge}`), 'gauge', gauge);
    }
  });
});

async function read(source: MysqlSource): Promise<Map<string, number>> {
  const points: Datum[] = await firstValueFrom(source.collect());
  return new Map(points.map((point) => [key(point), point.value]));
}

describe('MySQL source against a real MariaDB', function () {
  this.timeout(60_000);
  let server: PlainMariadb;
  const sources: MysqlSource[] = [];
  const sourceFor = (endpoint: PlainMariadb, name?: string): MysqlSource => {
    const source = createMysqlSource({ host: endpoint.host, port: endpoint.port, user: endpoint.user, ...(name === undefined ? {} : { name }) });
    sources.push(source);
    return source;
  };

  before(async function () {
    if (!mariadbAvailable()) unavailable(this, 'mariadbd missing (test/servers/install.sh installs it)');
    server = await plainMariadb();
  });

  after(async () => {
    await Promise.all(sources.map((source) => source.close()));
  });

  it('sends what SHOW GLOBAL STATUS says, between the answers before and after the reading', async () => {
    const source = sourceFor(server, 'main');
    const before = await globalStatus(server);
    const points = await firstValueFrom(source.collect());
    const after = await globalStatus(server);
    ok(points.every((point) => point.tags.name === 'main'));
    const rate = new Map(METRICS.map((meta) => [meta.metric, meta.rate]));
    let compared = 0;
    for (const point of points) {
      const variable = point.metric === 'mysql.com' ? `Com_${point.tags.command}` : undefined;
      const name = variable ?? [...before.keys()].find((each) => `mysql.${each.toLowerCase()}` === point.metric);
      if (name === undefined) continue;
      const [low, high] = [Number(before.get(name)), Number(after.get(name))];
      // counters only grow, so the reading lies between the two answers; a level (threads cached by the helper's
      // own connections, pages flushed meanwhile) may step outside by a little
      const slack = rate.get(point.metric) === 'counter' ? 0 : Math.max(2, 0.01 * high);
      ok(point.value >= Math.min(low, high) - slack && point.value <= Math.max(low, high) + slack,
        `${name}: ${point.value} not in [${low}, ${high}] ± ${slack}`);
      compared += 1;
    }
    ok(compared > 150, `compared ${compared} values`);
  });

  it('moves the counters by a known workload: 25 inserts → Com_insert +25, Handler_write ≥ +25', async () => {
    const source = sourceFor(server);
    await sql(server, 'CREATE DATABASE IF NOT EXISTS workload');
    await sql(server, 'CREATE TABLE IF NOT EXISTS workload.t (id INT AUTO_INCREMENT PRIMARY KEY, v INT) ENGINE=InnoDB');
    const before = await read(source);
    for (let i = 0; i < 25; i++) await sql(server, `INSERT INTO workload.t (v) VALUES (${i})`);
    const after = await read(source);
    const delta = (metric: string): number => (after.get(metric) ?? NaN) - (before.get(metric) ?? NaN);
    strictEqual(delta('mysql.com{command=insert}'), 25);
    // Handler_write also counts the temporary tables of the SHOW STATUS statements in between
    ok(delta('mysql.handler_write') >= 25, `handler_write +${delta('mysql.handler_write')}`);
    strictEqual(Number((await sql(server, 'SELECT COUNT(*) AS n FROM workload.t'))[0]?.n) % 25, 0);
    // each INSERT came on its own connection from the sql() helper
    ok(delta('mysql.connections') >= 25, `connections +${delta('mysql.connections')}`);
    ok(delta('mysql.bytes_received') > 0);
  });

  it('reports replication per connection name on a replica, with the server\'s own figures', async function () {
    this.timeout(60_000);
    const replica = await startPlainMariadb('mariadb-replica', { serverId: 2 });
    try {
      await sql(replica, `CHANGE MASTER 'eu' TO MASTER_HOST='127.0.0.1', MASTER_PORT=${server.port}, MASTER_USER='root'`);
      await sql(replica, "START SLAVE 'eu'");
      const source = sourceFor(replica);
      await waitFor('the replica to run both threads', async () => {
        const running = await read(source);
        return running.get('mysql.slave.thread_io_running{channel=eu}') === 1 && running.get('mysql.slave.thread_sql_running{channel=eu}') === 1;
      }, 20_000, 200);
      const behind = async (): Promise<number> => Number((await sql(replica, "SHOW SLAVE 'eu' STATUS"))[0]?.Seconds_Behind_Master);
      const before = await behind();
      const values = await read(source);
      const after = await behind();
      const sent = values.get('mysql.slave.seconds_behind_master{channel=eu}') ?? NaN;
      ok(sent >= Math.min(before, after) && sent <= Math.max(before, after), `sent ${sent}, server said ${before} then ${after}`);
      ok((values.get('mysql.slave.relay_log_space{channel=eu}') ?? 0) > 0);
      await sql(replica, "STOP SLAVE 'eu'");
      const stopped = await read(source);
      strictEqual(stopped.get('mysql.slave.thread_io_running{channel=eu}'), 0);
      strictEqual(stopped.has('mysql.slave.seconds_behind_master{channel=eu}'), false, 'no delay while the SQL thread is stopped');
      strictEqual((await read(sourceFor(server))).has('mysql.slave.thread_io_running{channel=default}'), false, 'a primary sends no slave metrics');
    } finally {
      await replica.stop();
    }
  });
});
