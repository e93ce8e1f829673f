import { SOURCE_TABLES } from '../../../src/sources/registry.js';
import { sourceContext } from '../../../src/source.js';
import { deepStrictEqual, ok, strictEqual, throws } from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig } from '../../../src/config/load.js';
import { galeraTable } from '../../../src/sources/galera/table.js';
import { mysqlTable, type MysqlEndpointKeys } from '../../../src/sources/mysql/table.js';
import { MissingResourceError } from '../../../src/keyChecks.js';
import { ConfigError } from '../../../src/table.js';
import { freshDir } from '../../servers/harness.js';
import { madeSource } from '../../../src/deferredSource.js';

const keys = (overrides: Partial<MysqlEndpointKeys> = {}): MysqlEndpointKeys => ({
  Host: '127.0.0.1', Port: 3306, Socket: '', User: 'monitor', Password: '', PasswordFile: '', UseSsl: false, CaCert: '',
  ClientCert: '', ClientCertKey: '', ...overrides,
});

const configError = (key: string, pattern: RegExp) => (error: unknown): boolean =>
  error instanceof ConfigError && error.key === key && pattern.test(error.message);

describe('[Galera] and [Mysql] tables', () => {
  const dir = freshDir('galera-config');
  const file = (name: string, text: string): string => {
    writeFileSync(join(dir, name), text);
    return join(dir, name);
  };

  it('maps the keys to the source options, Name to the name tag, Socket over Host', () => {
    deepStrictEqual(galeraTable.toOptions(keys({ Name: 'a', Password: 'pw', Port: 3307 }), 'Galera[0]'),
      { host: '127.0.0.1', port: 3307, user: 'monitor', password: 'pw', name: 'a' });
    deepStrictEqual(galeraTable.toOptions(keys({ Socket: '/run/mysqld/mysqld.sock' }), 'Galera'),
      { socket: '/run/mysqld/mysqld.sock', port: 3306, user: 'monitor' });
  });

  it('reads the password from PasswordFile, and refuses both at once', () => {
    const secret = file('password', 's3cret\n');
    strictEqual(mysqlTable.toOptions(keys({ PasswordFile: secret }), 'Mysql[0]').password, 's3cret');
    throws(() => galeraTable.toOptions(keys({ PasswordFile: secret, Password: 'x' }), 'Galera'),
      configError('Galera.PasswordFile', /not both/));
  });

  it('turns UseSsl and the PEM files into TLS options that verify the server', () => {
    const [ca, cert, key] = ['ca', 'cert', 'key'].map((name) => file(`${name}.pem`, `-----${name}-----\n`));
    deepStrictEqual(galeraTable.toOptions(keys({ UseSsl: true, CaCert: ca, ClientCert: cert, ClientCertKey: key }), 'Galera').tls,
      { ca: '-----ca-----\n', cert: '-----cert-----\n', key: '-----key-----\n' });
    deepStrictEqual(galeraTable.toOptions(keys({ UseSsl: true }), 'Galera').tls, { ca: undefined, cert: undefined, key: undefined });
  });

  it('refuses a client certificate without its key (and the reverse), naming both keys', () => {
    const cert = file('only-cert.pem', 'x');
    throws(() => galeraTable.toOptions(keys({ UseSsl: true, ClientCert: cert }), 'Galera[1]'),
      configError('Galera[1].ClientCertKey', /Galera\[1\]\.ClientCert is set but Galera\[1\]\.ClientCertKey is not/));
    throws(() => mysqlTable.toOptions(keys({ UseSsl: true, ClientCertKey: cert }), 'Mysql'),
      configError('Mysql.ClientCert', /Mysql\.ClientCertKey is set but Mysql\.ClientCert is not/));
  });

  it('refuses certificates without UseSsl and an empty Host without Socket; a missing PEM file is a missing resource', () => {
    throws(() => galeraTable.toOptions(keys({ CaCert: file('ca2.pem', 'x') }), 'Galera'), configError('Galera.CaCert', /UseSsl/));
    throws(() => galeraTable.toOptions(keys({ UseSsl: true, CaCert: join(dir, 'missing.pem') }), 'Galera'),
      (error: unknown) => error instanceof MissingResourceError && error.key === 'Galera.CaCert' && /does not exist/.test(error.message));
    throws(() => galeraTable.toOptions(keys({ Host: ' ' }), 'Galera'), configError('Galera.Host', /Socket/));
  });

  it('declares a doc and a default for every key, the password sensitive', () => {
    for (const table of [galeraTable, mysqlTable]) {
      for (const [key, spec] of Object.entries(table.schema)) {
        const { doc, default: fallback } = spec as { doc?: string; default?: unknown };
        ok(doc !== undefined && doc !== '' && fallback !== undefined, `${table.table}.${key}`);
      }
      strictEqual((table.schema.Password as { sensitive?: boolean }).sensitive, true);
    }
  });

  it('loads rs-collector\'s single [Galera] and our [[Galera]] array, one collector per instance', async () => {
    const single = loadConfig({ file: file('single.toml', '[Galera]\nUser = "monitor"\nPassword = "pw"\n'), env: {}, osHostname: 'db1', tables: SOURCE_TABLES });
    deepStrictEqual(single.config.sources.map((source) => source.name), ['galera']);
    const many = loadConfig({
      file: file('many.toml', '[[Galera]]\nName = "a"\nPort = 3306\n[[Galera]]\nName = "b"\nPort = 3307\n[[Mysql]]\nName = "a"\n'),
      env: {}, osHostname: 'db1', tables: SOURCE_TABLES,
    });
    deepStrictEqual(many.config.sources.map((source) => source.name), ['galera.a', 'galera.b', 'mysql.a']);
    deepStrictEqual(many.warnings, []);
    const created = await Promise.all(many.config.sources.map((source) => madeSource(source.create(sourceContext()))));
    deepStrictEqual(created.map((source) => source.name), ['galera/a', 'galera/b', 'mysql/a']);
    throws(() => loadConfig({ file: file('bad.toml', '[[Galera]]\nName = "a"\nUseSsl = true\nClientCert = "/x.pem"\n'), env: {}, tables: SOURCE_TABLES }),
      configError('Galera[0].ClientCertKey', /ClientCert/));
  });
});
