/**
 * `[[Mysql]]`: the MySQL/MariaDB performance source. Its connection keys (Host … ClientCertKey) are rs-collector's
 * `[Galera]` keys, so both tables share them from here.
 */
import type convict from 'convict';
import type { MysqlEndpointOptions, MysqlTlsOptions } from './connection.js';
import type { MysqlOptions } from './index.js';
import { METRICS } from './metrics.js';
import { readSecret } from '../../secret.js';
import { ConfigError, type SourceTable } from '../../table.js';
import { fileText } from '../../keyChecks.js';

export interface MysqlEndpointKeys {
  Host: string;
  Port: number;
  Socket: string;
  User: string;
  Password: string;
  PasswordFile: string;
  UseSsl: boolean;
  CaCert: string;
  ClientCert: string;
  ClientCertKey: string;
  /** Declared by the config loader for `[[...]]` tables; sent as tag `name`. */
  Name?: string;
}

export const MYSQL_ENDPOINT_SCHEMA: convict.Schema<Omit<MysqlEndpointKeys, 'Name'>> = {
  Host: { doc: 'Server host name or address (TCP); ignored when Socket is set.', format: String, default: '127.0.0.1' },
  Port: { doc: 'Server TCP port.', format: 'port', default: 3306 },
  Socket: { doc: 'Unix socket path; when set it is used instead of Host and Port.', format: String, default: '' },
  User: { doc: 'User to log in as; needs no privilege beyond USAGE (PROCESS or REPLICATION CLIENT for replica status).', format: String, default: 'root' },
  Password: { doc: 'Password of User. Prefer PasswordFile.', format: String, default: '', sensitive: true },
  PasswordFile: { doc: 'File holding the password (trailing newline ignored); not together with Password.', format: String, default: '' },
  UseSsl: { doc: 'Connect with TLS, verifying the server certificate against CaCert (or the system CAs).', format: Boolean, default: false },
  CaCert: { doc: 'PEM file of the CA that signed the server certificate. Needs UseSsl.', format: String, default: '' },
  ClientCert: { doc: 'PEM client certificate for servers that require one. Needs UseSsl and ClientCertKey.', format: String, default: '' },
  ClientCertKey: { doc: 'PEM private key of ClientCert. Needs UseSsl and ClientCert.', format: String, default: '' },
};

const readPem = (file: string, key: string): string | undefined => (file === '' ? undefined : fileText(file, key));

/** The TLS keys checked against each other; `true` when TLS is on. */
function checkTls(keys: MysqlEndpointKeys, path: string): boolean {
  const hasCert = keys.ClientCert !== '';
  const hasKey = keys.ClientCertKey !== '';
  if (hasCert !== hasKey) {
    const [given, missing] = hasCert ? ['ClientCert', 'ClientCertKey'] : ['ClientCertKey', 'ClientCert'];
    throw new ConfigError(`${path}.${missing}`, `${path}.${given} is set but ${path}.${missing} is not; give both or neither`);
  }
  if (!keys.UseSsl) {
    const stray = (['CaCert', 'ClientCert'] as const).find((key) => keys[key] !== '');
    if (stray !== undefined) throw new ConfigError(`${path}.${stray}`, `only used with TLS: set ${path}.UseSsl = true`);
  }
  return keys.UseSsl;
}

function readTls(keys: MysqlEndpointKeys, path: string): MysqlTlsOptions {
  return {
    ca: readPem(keys.CaCert, `${path}.CaCert`),
    cert: readPem(keys.ClientCert, `${path}.ClientCert`),
    key: readPem(keys.ClientCertKey, `${path}.ClientCertKey`),
  };
}

/** The connection options both MySQL-protocol tables share. */
export function endpointOptions(keys: MysqlEndpointKeys, path: string): MysqlEndpointOptions & { name?: string } {
  const options: MysqlEndpointOptions & { name?: string } = { user: keys.User, port: keys.Port };
  if (keys.Socket !== '') options.socket = keys.Socket;
  else if (keys.Host.trim() === '') throw new ConfigError(`${path}.Host`, 'give a Host or a Socket');
  else options.host = keys.Host;
  if (keys.Name !== undefined && keys.Name !== '') options.name = keys.Name;
  const useTls = checkTls(keys, path);
  // files last: a missing one makes the collector wait for it, so every mistake above must already have been found
  const password = readSecret(keys.Password, keys.PasswordFile, `${path}.PasswordFile`);
  if (password !== undefined) options.password = password;
  if (useTls) options.tls = readTls(keys, path);
  return options;
}

export const mysqlTable: SourceTable<MysqlEndpointKeys, MysqlOptions> = {
  table: 'Mysql',
  summary: 'MySQL/MariaDB global status counters and replica status.',
  metrics: METRICS,
  many: true,
  schema: MYSQL_ENDPOINT_SCHEMA,
  toOptions: (keys, path) => endpointOptions(keys, path),
  load: async () => (await import('./index.js')).createMysqlSource,
};
