/** `SHOW GLOBAL STATUS` and `SHOW REPLICA STATUS` rows → MySQL metric values. Pure; the source adds name and time. */
import { CHANNEL_TAG, COM_METRIC, COMMAND_TAG, SLAVE_METRICS, STATUS_METRICS } from './metrics.js';

import { parseStatusNumber, type StatusRow } from './status.js';

export type { StatusRow } from './status.js';

export interface MysqlValue {
  metric: string;
  value: number;
  tags: Record<string, string>;
}

export interface MysqlReading {
  values: MysqlValue[];
  /** Variables that should have been numbers and were not. */
  skipped: string[];
}

/** The table's status variables under their names, and every `Com_*` as `mysql.com{command=…}`. */
export function parseGlobalStatus(rows: readonly StatusRow[]): MysqlReading {
  const values: MysqlValue[] = [];
  const skipped: string[] = [];
  for (const row of rows) {
    const variable = row.Variable_name.toLowerCase();
    const metric = STATUS_METRICS.get(variable);
    const isCom = variable.startsWith('com_');
    if (metric === undefined && !isCom) continue;
    const value = parseStatusNumber(row.Value);
    if (value === undefined) {
      skipped.push(row.Variable_name);
      continue;
    }
    if (metric !== undefined) values.push({ metric, value, tags: {} });
    else values.push({ metric: COM_METRIC, value, tags: { [COMMAND_TAG]: variable.slice('com_'.length) } });
  }
  return { values, skipped };
}

/** One row per replication channel; the column names differ between MySQL 8 (Replica/Source) and older servers. */
export type ReplicaRow = Record<string, unknown>;

/** The first of `names` the row has, as text; undefined when absent or NULL. */
function column(row: ReplicaRow, ...names: string[]): string | undefined {
  for (const name of names) {
    const value = row[name];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  }
  return undefined;
}

const running = (value: string | undefined): number => (value === 'Yes' ? 1 : 0);

export function parseReplicaStatus(rows: readonly ReplicaRow[]): MysqlReading {
  const values: MysqlValue[] = [];
  const skipped: string[] = [];
  for (const row of rows) {
    const channel = column(row, 'Connection_name', 'Channel_Name', 'Channel_name') ?? '';
    const tags = { [CHANNEL_TAG]: channel === '' ? 'default' : channel };
    values.push({ metric: SLAVE_METRICS.ioRunning, value: running(column(row, 'Replica_IO_Running', 'Slave_IO_Running')), tags });
    values.push({ metric: SLAVE_METRICS.sqlRunning, value: running(column(row, 'Replica_SQL_Running', 'Slave_SQL_Running')), tags });
    // NULL while the SQL thread is stopped: no value rather than a made-up one
    const behind = column(row, 'Seconds_Behind_Source', 'Seconds_Behind_Master');
    if (behind !== undefined) {
      const value = parseStatusNumber(behind);
      if (value === undefined) skipped.push('Seconds_Behind_Master');
      else values.push({ metric: SLAVE_METRICS.secondsBehind, value, tags });
    }
    const space = parseStatusNumber(column(row, 'Relay_Log_Space'));
    if (space === undefined) skipped.push('Relay_Log_Space');
    else values.push({ metric: SLAVE_METRICS.relayLogSpace, value: space, tags });
  }
  return { values, skipped };
}
