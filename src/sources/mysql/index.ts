/**
 * The MySQL performance source: `SHOW GLOBAL STATUS` (connections, threads, queries, `Com_*`, InnoDB, locks, tables)
 * and the replication status of every channel, on the source's own connection.
 */
import { catchError, concatMap, defer, map, of, type Observable } from '../../rx.js';
import type { QueryError } from 'mysql2';
import { datum, nowSeconds, type Datum } from '../../datum.js';
import { sourceContext, type Source, type SourceContext } from '../../source.js';
import { MysqlSession, MYSQL_ENDPOINT_DEFAULTS, type MysqlEndpointOptions, type Rows } from './connection.js';
import { METRICS, NAME_TAG } from './metrics.js';
import { parseGlobalStatus, parseReplicaStatus, type MysqlReading } from './parse.js';

export { METRICS } from './metrics.js';
export { parseGlobalStatus, parseReplicaStatus, type MysqlReading, type MysqlValue, type ReplicaRow } from './parse.js';
export { MysqlSession, type MysqlEndpointOptions, type MysqlTlsOptions, type Rows } from './connection.js';

export interface MysqlOptions extends MysqlEndpointOptions {
  /** The instance's name (`Name` of a `[[Mysql]]` table), sent as tag `name`. */
  name?: string;
}

export const MYSQL_DEFAULTS = { ...MYSQL_ENDPOINT_DEFAULTS } as const;

export const GLOBAL_STATUS_QUERY = 'SHOW GLOBAL STATUS';

/**
 * Newest spelling first: MariaDB's ALL … STATUS lists every named connection; MySQL 8.0.22+ says REPLICA, older servers
 * only SLAVE. The first one the server does not reject as a syntax error is kept.
 */
export const REPLICA_QUERIES = ['SHOW ALL REPLICAS STATUS', 'SHOW REPLICA STATUS', 'SHOW SLAVE STATUS'] as const;

const PARSE_ERROR = 'ER_PARSE_ERROR';

export interface MysqlSource extends Source {
  readonly session: MysqlSession;
  close(): Promise<void>;
}

export function createMysqlSource(options: MysqlOptions = {}, context: Partial<SourceContext> = {}): MysqlSource {
  const { log, skip } = sourceContext(context);
  const named = options.name !== undefined && options.name !== '';
  const baseTags: Record<string, string> = named ? { [NAME_TAG]: options.name ?? '' } : {};
  const session = new MysqlSession(options, log);
  let replicaQuery = 0;
  let replicaStatusDenied = false;

  /** Replication status, or nothing when the server knows none of the spellings or the user may not see it. */
  function replicaRows(): Observable<Rows> {
    if (replicaStatusDenied || replicaQuery >= REPLICA_QUERIES.length) return of([]);
    return session.query(REPLICA_QUERIES[replicaQuery] ?? '').pipe(catchError((error: QueryError) => {
      if (error.fatal) throw error;
      if (error.code === PARSE_ERROR) {
        replicaQuery += 1;
        return replicaRows();
      }
      replicaStatusDenied = true;
      log.warn({ err: error.message }, 'cannot read replication status; sending no mysql.slave.* metrics');
      return of([]);
    }));
  }

  function toData(readings: MysqlReading[]): Datum[] {
    const timestamp = nowSeconds();
    const data: Datum[] = [];
    for (const reading of readings) {
      skip(reading.skipped.length, 'mysql status variables skipped: not a number', { variables: reading.skipped });
      for (const { metric, value, tags } of reading.values) data.push(datum(metric, value, { ...tags, ...baseTags }, timestamp));
    }
    return data;
  }

  return {
    name: named ? `mysql/${options.name}` : 'mysql',
    metadata: METRICS,
    session,
    collect: () => defer(() => session.status(GLOBAL_STATUS_QUERY)).pipe(
      concatMap((status) => replicaRows().pipe(map((replicas) => [
        parseGlobalStatus(status),
        parseReplicaStatus(replicas),
      ]))),
      map(toData),
    ),
    close: () => session.close(),
  };
}
