/**
 * The Galera source: rs-collector's `[Galera]` collector. One reading is one `SHOW GLOBAL STATUS LIKE 'wsrep_%'` on the
 * source's own connection; parse.ts maps the rows, convert.ts makes datapoints, metrics.ts is the metric table.
 */
import { defer, map, type Observable } from '../../rx.js';
import type { Datum } from '../../datum.js';
import { MysqlSession, MYSQL_ENDPOINT_DEFAULTS, type MysqlEndpointOptions } from '../mysql/connection.js';
import { sourceContext, type Source, type SourceContext } from '../../source.js';
import { createWsrepConverter } from './convert.js';
import { NAME_TAG } from './metrics.js';

export { createWsrepConverter, type WsrepConverter } from './convert.js';
export { METRICS, PROVIDER_LOADED, metricName } from './metrics.js';
export { parseWsrepStatus, uuidToDecimal, type SkippedVariable, type StatusRow, type WsrepReading, type WsrepValue } from './parse.js';

export interface GaleraOptions extends MysqlEndpointOptions {
  /** The instance's name (`Name` of a `[[Galera]]` table), sent as tag `name` so two instances on a host stay apart. */
  name?: string;
}

/** As rs-collector: no user name unless one is given (the MySQL source's default is root). */
export const GALERA_DEFAULTS = { ...MYSQL_ENDPOINT_DEFAULTS, user: '' } as const;

export const STATUS_QUERY = "SHOW GLOBAL STATUS LIKE 'wsrep_%'";

export interface GaleraSource extends Source {
  /** The source's connection (tests check that a failure leads to a reconnect). */
  readonly session: MysqlSession;
  close(): Promise<void>;
}

export function createGaleraSource(options: GaleraOptions = {}, context: Partial<SourceContext> = {}): GaleraSource {
  const { log } = sourceContext(context);
  const named = options.name !== undefined && options.name !== '';
  const session = new MysqlSession({ ...GALERA_DEFAULTS, ...options }, log);
  const converter = createWsrepConverter(named ? { [NAME_TAG]: options.name ?? '' } : {}, context);
  return {
    name: named ? `galera/${options.name}` : 'galera',
    get metadata() {
      return converter.metadata;
    },
    session,
    collect: (): Observable<Datum[]> =>
      defer(() => session.status(STATUS_QUERY)).pipe(map((rows) => converter.toData(rows))),
    close: () => session.close(),
  };
}
