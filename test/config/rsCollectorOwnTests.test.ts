/**
 * rs-collector 0.1.8's own config tests (tests/config/mod.rs): the two files they load, as fixtures, and what they
 * assert, asserted here of rx-collector's loader.
 */
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load.js';
import { SOURCE_TABLES } from '../../src/sources/registry.js';
import { galeraTable } from '../../src/sources/galera/table.js';
import type { MysqlEndpointKeys } from '../../src/sources/mysql/table.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/rs-collector/${name}`, import.meta.url));
const load = (name: string) => loadConfig({ file: fixture(name), env: {}, osHostname: 'other', tables: SOURCE_TABLES });

describe('rs-collector 0.1.8\'s own config tests', () => {
  it('load_rs_collector_config: Host, Hostname and Tags, no Galera', () => {
    const { config, warnings } = load('tests-config-load.toml');
    strictEqual(config.sink.url, 'bosun:8070');
    strictEqual(config.hostname, 'webserver');
    deepStrictEqual(config.tags, { hostgroup: 'webservers', domain: 'webserver.de', hosttype: 'baremetal' });
    deepStrictEqual(config.sources.map((source) => source.table), []);
    deepStrictEqual(warnings, []);
  });

  it('load_rs_collector_config_with_galera_config: the same, and a Galera on the socket as root with no Host', () => {
    const { config, warnings } = load('tests-config-galera.toml');
    strictEqual(config.hostname, 'webserver');
    deepStrictEqual(config.tags, { hostgroup: 'webservers', domain: 'webserver.de', hosttype: 'baremetal' });
    deepStrictEqual(config.sources.map((source) => source.table), ['Galera']);
    const keys = config.sources[0]?.settings as Partial<MysqlEndpointKeys>;
    strictEqual(keys.User, 'root');
    strictEqual(keys.Socket, '/var/lib/mysql.sock');
    // rs-collector's Host is None here: the socket is used, no TCP host.
    const options = galeraTable.toOptions({ ...(keys as MysqlEndpointKeys), Password: 'toor' }, 'Galera');
    deepStrictEqual({ user: options.user, password: options.password, socket: options.socket, host: options.host },
      { user: 'root', password: 'toor', socket: '/var/lib/mysql.sock', host: undefined });
    deepStrictEqual(warnings, []);
  });
});
