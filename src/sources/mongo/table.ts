/**
 * `[[Mongo]]`: rs-collector's keys unchanged (Name, Host, Port, User, Password, UseSsl, CaCert, ClientCert,
 * ClientCertKey) plus a full connection string, a password file, the read preference, timeouts and an explicit opt-out
 * of certificate verification (rs-collector silently skipped verification when only a CA file was given; we verify).
 */
import type { ReadPreferenceMode } from 'mongodb';
import type { MongoOptions } from './index.js';
import { MONGO_DEFAULTS } from './defaults.js';
import { METRICS } from './metrics.js';
import { oneOf, POSITIVE_SECONDS } from '../../formats.js';
import { readSecret } from '../../secret.js';
import { ConfigError, type SourceTable } from '../../table.js';
import { readableFile } from '../../keyChecks.js';

const READ_PREFERENCES: readonly ReadPreferenceMode[] = ['primary', 'primaryPreferred', 'secondary', 'secondaryPreferred', 'nearest'];

export interface MongoKeys {
  Uri: string;
  Host: string;
  Port: number;
  User: string;
  Password: string;
  PasswordFile: string;
  UseSsl: boolean;
  CaCert: string;
  ClientCert: string;
  ClientCertKey: string;
  TlsInsecure: boolean;
  ReadPreference: string;
  ConnectTimeout: number;
  CommandTimeout: number;
  /** Declared by the config loader for every `[[...]]` table; here it is the `name` tag. */
  Name?: string;
}

export const mongoTable: SourceTable<MongoKeys, MongoOptions> = {
  table: 'Mongo',
  summary: 'MongoDB serverStatus, replica set members, oplog window and balancer.',
  metrics: METRICS,
  many: true,
  schema: {
    Uri: {
      doc: 'A full MongoDB connection string (mongodb:// or mongodb+srv://), used instead of Host and Port. A single host is '
        + 'connected to directly (directConnection=true) unless the string says otherwise.',
      format: String, default: '', sensitive: true,
    },
    Host: { doc: 'Host name or address of the mongod or mongos to read.', format: String, default: MONGO_DEFAULTS.host },
    Port: { doc: 'Its TCP port.', format: 'port', default: MONGO_DEFAULTS.port },
    User: { doc: 'User to authenticate as (authSource admin unless the Uri says otherwise), needs the clusterMonitor role. '
      + 'Used only together with a password (Password or PasswordFile), as in rs-collector: either alone means no authentication (logged at start).',
    format: String, default: '' },
    Password: { doc: 'Password of User. Prefer PasswordFile.', format: String, default: '', sensitive: true },
    PasswordFile: { doc: 'File holding the password of User (trailing newline ignored); instead of Password.', format: String, default: '' },
    UseSsl: { doc: 'Connect with TLS. The server certificate is always verified, against CaCert or the system CAs (rs-collector did not verify with CaCert alone).', format: Boolean, default: false },
    CaCert: { doc: 'PEM file of the CA(s) the server certificate must chain to; setting it turns TLS on, as in rs-collector (UseSsl or not).', format: String, default: '' },
    ClientCert: { doc: 'PEM client certificate for TLS client authentication; may hold the key too (needs UseSsl).', format: String, default: '' },
    ClientCertKey: { doc: 'PEM private key of ClientCert when it is in a separate file.', format: String, default: '' },
    TlsInsecure: { doc: 'Do not verify the server certificate or host name. Only for testing; off unless set here.', format: Boolean, default: false },
    ReadPreference: {
      doc: `Read preference for a Uri naming several hosts; a single directly connected member is always read. One of ${READ_PREFERENCES.join(', ')}.`,
      format: oneOf(READ_PREFERENCES), default: MONGO_DEFAULTS.readPreference,
    },
    ConnectTimeout: { doc: 'Seconds to connect and select the server before a reading fails.', format: POSITIVE_SECONDS, default: MONGO_DEFAULTS.connectTimeoutMs / 1000 },
    CommandTimeout: { doc: 'Seconds one command may wait on the socket (the table\'s Timeout still bounds the whole reading).',
      format: POSITIVE_SECONDS, default: MONGO_DEFAULTS.commandTimeoutMs / 1000 },
  },
  toOptions(keys, path) {
    const uri = keys.Uri.trim();
    if (uri !== '') {
      if (!/^mongodb(\+srv)?:\/\//.test(uri)) throw new ConfigError(`${path}.Uri`, 'must start with mongodb:// or mongodb+srv://');
      if (keys.Host !== MONGO_DEFAULTS.host || keys.Port !== MONGO_DEFAULTS.port) {
        throw new ConfigError(`${path}.Uri`, 'give either Uri or Host and Port, not both');
      }
    }
    // rs-collector chose TLS by CaCert alone (UseSsl only made it insist on one).
    const useSsl = keys.UseSsl || keys.CaCert !== '';
    const files = Object.entries({ CaCert: keys.CaCert, ClientCert: keys.ClientCert, ClientCertKey: keys.ClientCertKey })
      .filter(([, file]) => file !== '');
    const stray = files.find(() => !useSsl);
    if (stray !== undefined) throw new ConfigError(`${path}.${stray[0]}`, 'only used with TLS: set UseSsl = true');
    if (keys.ClientCertKey !== '' && keys.ClientCert === '') throw new ConfigError(`${path}.ClientCertKey`, 'needs ClientCert');
    if (keys.TlsInsecure && !useSsl) throw new ConfigError(`${path}.TlsInsecure`, 'only used with TLS: set UseSsl = true');
    // files last: a missing one makes the collector wait for it, so every mistake above must already have been found
    const password = readSecret(keys.Password, keys.PasswordFile, `${path}.PasswordFile`);
    for (const [key, file] of files) readableFile(file, `${path}.${key}`);
    return {
      name: keys.Name ?? '',
      ...(uri === '' ? {} : { uri }),
      host: keys.Host,
      port: keys.Port,
      ...(keys.User === '' ? {} : { user: keys.User }),
      ...(password === undefined ? {} : { password }),
      useSsl,
      ...(keys.CaCert === '' ? {} : { caCert: keys.CaCert }),
      ...(keys.ClientCert === '' ? {} : { clientCert: keys.ClientCert }),
      ...(keys.ClientCertKey === '' ? {} : { clientCertKey: keys.ClientCertKey }),
      tlsInsecure: keys.TlsInsecure,
      readPreference: keys.ReadPreference as ReadPreferenceMode,
      connectTimeoutMs: Math.round(keys.ConnectTimeout * 1000),
      commandTimeoutMs: Math.round(keys.CommandTimeout * 1000),
    };
  },
  load: async () => (await import('./index.js')).createMongoSource,
};
