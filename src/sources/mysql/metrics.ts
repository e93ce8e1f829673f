/**
 * The MySQL source's metric table. Names are tcollector's (`mysql.<lower-cased status name>`, `mysql.slave.*`), which
 * Bosun users of scollector's MySQL plugin already know; cumulative counts are declared `counter`.
 */
import type { MetricMeta, Rate } from '../../datum.js';
import type { MetricTable } from '../../source.js';

/** Tag of `mysql.com`: the statement kind of a `Com_*` counter (`insert`, `select`, ...). */
export const COMMAND_TAG = 'command';
/** Tag of the `mysql.slave.*` metrics: the replication channel (MySQL) or connection name (MariaDB); `default` if unnamed. */
export const CHANNEL_TAG = 'channel';
/** Tag for the instance's `Name`. */
export const NAME_TAG = 'name';

export const COM_METRIC = 'mysql.com';

type Row = readonly [status: string, rate: Rate, unit: string, desc: string];
const c = 'counter';
const g = 'gauge';

/** `SHOW GLOBAL STATUS` variables sent under `mysql.<lower-cased name>`. */
const STATUS_ROWS: readonly Row[] = [
  ['Uptime', c, 'seconds', 'Seconds since the server started.'],
  ['Connections', c, 'connections', 'Connection attempts, successful or not.'],
  ['Max_used_connections', g, 'connections', 'Most connections open at once since start.'],
  ['Aborted_clients', c, 'connections', 'Connections dropped because the client died without closing.'],
  ['Aborted_connects', c, 'connections', 'Failed connection attempts (bad password, no privilege, bad packet).'],
  ['Threads_connected', g, 'threads', 'Connections open now.'],
  ['Threads_running', g, 'threads', 'Threads not sleeping now.'],
  ['Threads_cached', g, 'threads', 'Threads in the thread cache.'],
  ['Threads_created', c, 'threads', 'Threads created to handle connections (a high rate means the thread cache is too small).'],
  ['Queries', c, 'queries', 'Statements executed, including those inside stored programs.'],
  ['Questions', c, 'queries', 'Statements sent by clients.'],
  ['Slow_queries', c, 'queries', 'Queries that took longer than long_query_time.'],
  ['Bytes_sent', c, 'bytes', 'Bytes sent to clients.'],
  ['Bytes_received', c, 'bytes', 'Bytes received from clients.'],
  ['Innodb_buffer_pool_pages_data', g, 'pages', 'Buffer pool pages holding data.'],
  ['Innodb_buffer_pool_pages_dirty', g, 'pages', 'Buffer pool pages modified but not yet flushed.'],
  ['Innodb_buffer_pool_pages_free', g, 'pages', 'Free buffer pool pages.'],
  ['Innodb_buffer_pool_pages_misc', g, 'pages', 'Buffer pool pages used for row locks, the adaptive hash index and the like.'],
  ['Innodb_buffer_pool_pages_total', g, 'pages', 'Buffer pool size in pages.'],
  ['Innodb_buffer_pool_bytes_data', g, 'bytes', 'Bytes of buffer pool pages holding data.'],
  ['Innodb_buffer_pool_bytes_dirty', g, 'bytes', 'Bytes of dirty buffer pool pages.'],
  ['Innodb_buffer_pool_read_requests', c, 'requests', 'Logical reads from the buffer pool.'],
  ['Innodb_buffer_pool_reads', c, 'reads', 'Logical reads the buffer pool could not satisfy (read from disk).'],
  ['Innodb_buffer_pool_write_requests', c, 'requests', 'Writes to the buffer pool.'],
  ['Innodb_buffer_pool_wait_free', c, 'waits', 'Waits for a free buffer pool page.'],
  ['Innodb_rows_read', c, 'rows', 'Rows read from InnoDB tables (MySQL; MariaDB 10.6+ no longer has the Innodb_rows_* counters).'],
  ['Innodb_rows_inserted', c, 'rows', 'Rows inserted into InnoDB tables.'],
  ['Innodb_rows_updated', c, 'rows', 'Rows updated in InnoDB tables.'],
  ['Innodb_rows_deleted', c, 'rows', 'Rows deleted from InnoDB tables.'],
  ['Handler_write', c, 'rows', 'Row insert requests to storage engines (includes internal temporary tables).'],
  ['Handler_update', c, 'rows', 'Row update requests to storage engines.'],
  ['Handler_delete', c, 'rows', 'Row delete requests to storage engines.'],
  ['Handler_read_key', c, 'rows', 'Rows read through an index key.'],
  ['Handler_read_rnd_next', c, 'rows', 'Rows read by scanning a table (high means missing indexes).'],
  ['Rows_read', c, 'rows', 'Rows read from any table.'],
  ['Rows_sent', c, 'rows', 'Rows sent to clients.'],
  ['Innodb_row_lock_waits', c, 'waits', 'Times a row lock had to be waited for.'],
  ['Innodb_row_lock_time', c, 'milliseconds', 'Time spent waiting for row locks.'],
  ['Innodb_row_lock_current_waits', g, 'waits', 'Row lock waits in progress now.'],
  ['Innodb_data_read', c, 'bytes', 'Bytes InnoDB read from its files.'],
  ['Innodb_data_written', c, 'bytes', 'Bytes InnoDB wrote to its files.'],
  ['Table_locks_waited', c, 'locks', 'Table locks that could not be granted at once.'],
  ['Table_locks_immediate', c, 'locks', 'Table locks granted at once.'],
  ['Open_tables', g, 'tables', 'Tables open now.'],
  ['Opened_tables', c, 'tables', 'Tables opened (a high rate means the table cache is too small).'],
  ['Open_files', g, 'files', 'Files open now.'],
  ['Opened_files', c, 'files', 'Files opened.'],
  ['Created_tmp_tables', c, 'tables', 'Internal temporary tables created.'],
  ['Created_tmp_disk_tables', c, 'tables', 'Internal temporary tables created on disk.'],
  ['Select_full_join', c, 'queries', 'Joins that scanned a table for lack of an index.'],
  ['Select_scan', c, 'queries', 'Joins that did a full scan of the first table.'],
  ['Sort_merge_passes', c, 'passes', 'Merge passes the sort algorithm needed.'],
];

/** Status variable (lower-cased) → metric name. */
export const STATUS_METRICS: ReadonlyMap<string, string> = new Map(
  STATUS_ROWS.map(([status]) => [status.toLowerCase(), `mysql.${status.toLowerCase()}`]));

export const SLAVE_METRICS = {
  secondsBehind: 'mysql.slave.seconds_behind_master',
  ioRunning: 'mysql.slave.thread_io_running',
  sqlRunning: 'mysql.slave.thread_sql_running',
  relayLogSpace: 'mysql.slave.relay_log_space',
} as const;

export const METRICS: MetricTable = [
  ...STATUS_ROWS.map(([status, rate, unit, desc]): MetricMeta => ({ metric: `mysql.${status.toLowerCase()}`, rate, unit, desc, tags: [NAME_TAG] })),
  { metric: COM_METRIC, rate: 'counter', unit: 'queries', desc: 'Statements executed, by kind (the Com_* status variables; tag command = the part after Com_).', tags: [COMMAND_TAG, NAME_TAG] },
  { metric: SLAVE_METRICS.secondsBehind, rate: 'gauge', unit: 'seconds', desc: 'Replication delay the replica reports (Seconds_Behind_Master); not sent while the SQL thread is stopped.', tags: [CHANNEL_TAG, NAME_TAG] },
  { metric: SLAVE_METRICS.ioRunning, rate: 'gauge', unit: 'bool', desc: 'Replication IO thread: 1 running, 0 stopped or still connecting.', tags: [CHANNEL_TAG, NAME_TAG] },
  { metric: SLAVE_METRICS.sqlRunning, rate: 'gauge', unit: 'bool', desc: 'Replication SQL thread: 1 running, 0 stopped.', tags: [CHANNEL_TAG, NAME_TAG] },
  { metric: SLAVE_METRICS.relayLogSpace, rate: 'gauge', unit: 'bytes', desc: 'Size of all relay log files.', tags: [CHANNEL_TAG, NAME_TAG] },
];
