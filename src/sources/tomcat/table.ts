/**
 * `[[Tomcat]]`: one table per Tomcat instance (each `Name` becomes the `name` tag). The user needs only the
 * `manager-status` role; TLS files are read here, so a missing one is a config error at start.
 */
import { SWITCH } from '../../formats.js';
import { fileText } from '../../keyChecks.js';
import { readSecret } from '../../secret.js';
import { ConfigError, type SourceTable } from '../../table.js';
import type { TomcatTlsOptions } from './client.js';
import type { TomcatOptions } from './index.js';
import { TOMCAT_DEFAULTS } from './defaults.js';
import { METRICS } from './metrics.js';

export interface TomcatKeys {
  Url: string;
  User: string;
  Password: string;
  PasswordFile: string;
  Sessions: boolean;
  CaCert: string;
  ClientCert: string;
  ClientCertKey: string;
  /** Declared by the config loader for every `[[...]]` table; here it is the `name` tag. */
  Name?: string;
}

function checkUrl(text: string, key: string): URL {
  const url = URL.canParse(text) ? new URL(text) : undefined;
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw new ConfigError(key, `must be an http:// or https:// URL (got ${JSON.stringify(text)})`);
  }
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError(key, 'give the login in User and Password (or PasswordFile), not in the Url');
  }
  return url;
}

function tlsOptions(keys: TomcatKeys, url: URL, path: string): TomcatTlsOptions | undefined {
  const files = { CaCert: keys.CaCert, ClientCert: keys.ClientCert, ClientCertKey: keys.ClientCertKey };
  const given = Object.entries(files).filter(([, file]) => file !== '');
  if (given.length === 0) return undefined;
  if (url.protocol !== 'https:') throw new ConfigError(`${path}.${given[0]?.[0] ?? 'CaCert'}`, 'only used with an https:// Url');
  if ((keys.ClientCert === '') !== (keys.ClientCertKey === '')) {
    const missing = keys.ClientCert === '' ? 'ClientCert' : 'ClientCertKey';
    throw new ConfigError(`${path}.${missing}`, 'ClientCert and ClientCertKey go together: give both or neither');
  }
  const read = (key: keyof typeof files): string | undefined => (files[key] === '' ? undefined : fileText(files[key], `${path}.${key}`));
  const ca = read('CaCert');
  const cert = read('ClientCert');
  const key = read('ClientCertKey');
  return { ...(ca === undefined ? {} : { ca }), ...(cert === undefined ? {} : { cert }), ...(key === undefined ? {} : { key }) };
}

export const tomcatTable: SourceTable<TomcatKeys, TomcatOptions> = {
  table: 'Tomcat',
  summary: "JVM memory, connector threads and request counters, and application sessions from Tomcat's manager status pages.",
  metrics: METRICS,
  many: true,
  schema: {
    Url: {
      doc: "The manager's XML status page. Its origin also serves the complete status page (the same path with /all).",
      format: String, default: TOMCAT_DEFAULTS.url,
    },
    User: { doc: 'User to log in as (HTTP basic authentication); needs only the manager-status role. Empty: no login.',
      format: String, default: '' },
    Password: { doc: 'Password of User. Prefer PasswordFile.', format: String, default: '', sensitive: true },
    PasswordFile: { doc: 'File holding the password of User (trailing newline ignored); instead of Password.', format: String, default: '' },
    Sessions: {
      doc: 'Also read the complete status page (/manager/status/all) for the sessions of each web application: '
        + "Tomcat's XML status page has none. One more request per reading.",
      format: SWITCH, default: TOMCAT_DEFAULTS.sessions,
    },
    CaCert: { doc: 'PEM file of the CA(s) the server certificate must chain to; the system CAs when empty. https only.',
      format: String, default: '' },
    ClientCert: { doc: 'PEM client certificate for a connector that requires one; needs ClientCertKey. https only.',
      format: String, default: '' },
    ClientCertKey: { doc: 'PEM private key of ClientCert.', format: String, default: '' },
  },
  toOptions(keys, path) {
    const url = checkUrl(keys.Url.trim(), `${path}.Url`);
    if ((keys.Password !== '' || keys.PasswordFile !== '') && keys.User === '') {
      throw new ConfigError(`${path}.User`, 'a password is set but no user');
    }
    // a missing file makes the collector wait for it (MissingResourceError), so the key checks come first
    const tls = tlsOptions(keys, url, path);
    const password = readSecret(keys.Password, keys.PasswordFile, `${path}.PasswordFile`);
    return {
      url: url.href,
      ...(keys.User === '' ? {} : { user: keys.User, password: password ?? '' }),
      ...(keys.Name === undefined || keys.Name === '' ? {} : { name: keys.Name }),
      sessions: keys.Sessions,
      ...(tls === undefined ? {} : { tls }),
    };
  },
  load: async () => (await import('./index.js')).createTomcatSource,
};
