/**
 * `[Galera]` as rs-collector reads it, and `[[Galera]]` for several instances on one host (each `Name` becomes the
 * `name` tag, so their series stay apart).
 */
import { createGaleraSource, type GaleraOptions, METRICS } from './index.js';
import type { SourceTable } from '../../table.js';
import { endpointOptions, MYSQL_ENDPOINT_SCHEMA, type MysqlEndpointKeys } from '../mysql/table.js';

export const galeraTable: SourceTable<MysqlEndpointKeys, GaleraOptions> = {
  table: 'Galera',
  summary: 'Galera cluster state from the wsrep status variables.',
  metrics: METRICS,
  many: true,
  schema: MYSQL_ENDPOINT_SCHEMA,
  toOptions: (keys, path) => endpointOptions(keys, path),
  create: (options, context) => createGaleraSource(options, context),
};
