/**
 * `[Galera]` as rs-collector reads it, and `[[Galera]]` for several instances on one host (each `Name` becomes the
 * `name` tag, so their series stay apart).
 */
import type { GaleraOptions } from './index.js';
import { METRICS } from './metrics.js';
import type { SourceTable } from '../../table.js';
import { endpointOptions, MYSQL_ENDPOINT_SCHEMA, type MysqlEndpointKeys } from '../mysql/table.js';

/** rs-collector's keys; without `User` it logged in with no user name (the server's anonymous user), and so does this. */
export const GALERA_SCHEMA: typeof MYSQL_ENDPOINT_SCHEMA = {
  ...MYSQL_ENDPOINT_SCHEMA,
  User: {
    doc: 'User to log in as; needs no privilege beyond USAGE. Empty: no user name is sent (the server\'s anonymous user), as rs-collector did.',
    format: String,
    default: '',
  },
};

export const galeraTable: SourceTable<MysqlEndpointKeys, GaleraOptions> = {
  table: 'Galera',
  summary: 'Galera cluster state from the wsrep status variables.',
  metrics: METRICS,
  many: true,
  schema: GALERA_SCHEMA,
  toOptions: (keys, path) => endpointOptions(keys, path),
  load: async () => (await import('./index.js')).createGaleraSource,
};
