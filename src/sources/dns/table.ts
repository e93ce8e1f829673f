/**
 * `[[Dns]]`: one table per zone whose authoritative servers should agree on the SOA serial. rx-collector's own table
 * (rs-collector had no DNS collector).
 */
import { isIP } from 'node:net';
import { ConfigError, type SourceTable } from '../../table.js';
import type { DnsNameServer, DnsOptions } from './index.js';
import { DNS_DEFAULTS } from './defaults.js';
import { METRICS } from './metrics.js';

export interface DnsKeys {
  Zone: string;
  NameServers: string[];
  Resolvers: string[];
  Port: number;
  QueryTimeout: number;
  IPv6: boolean;
}

export const dnsTable: SourceTable<DnsKeys, DnsOptions> = {
  table: 'Dns',
  summary: "SOA serial agreement and query time of a zone's authoritative name servers.",
  metrics: METRICS,
  many: true,
  schema: {
    Zone: {
      doc: 'The zone to check, e.g. "example.org".',
      format: String,
      default: '',
    },
    NameServers: {
      doc: 'Name servers to ask instead of the zone\'s NS records: "host", "host:port", "192.0.2.1", "[2001:db8::1]:5353". Empty: discover them.',
      format: Array,
      default: [],
    },
    Resolvers: {
      doc: 'Resolvers used to find the NS records and the name servers\' addresses, "ip" or "ip:port". Empty: the system\'s (/etc/resolv.conf).',
      format: Array,
      default: [],
    },
    Port: {
      doc: 'Port on which each name server is asked for the SOA (unless NameServers gives one).',
      format: 'port',
      default: DNS_DEFAULTS.port,
    },
    QueryTimeout: {
      doc: 'Seconds one SOA query may take before the server counts as failed (one try).',
      format: Number,
      default: DNS_DEFAULTS.queryTimeoutMs / 1000,
    },
    IPv6: {
      doc: 'Also ask the name servers\' IPv6 addresses.',
      format: Boolean,
      default: DNS_DEFAULTS.ipv6,
    },
  },
  toOptions(keys, path) {
    const zone = keys.Zone.trim().replace(/\.$/, '');
    if (zone === '') throw new ConfigError(`${path}.Zone`, 'a zone is required, e.g. "example.org"');
    if (!(keys.QueryTimeout > 0)) throw new ConfigError(`${path}.QueryTimeout`, `must be a positive number of seconds, got ${keys.QueryTimeout}`);
    const nameServers = keys.NameServers.map((entry, index) => parseNameServer(entry, `${path}.NameServers[${index}]`));
    const resolvers = keys.Resolvers.map((entry, index) => {
      const parsed = parseNameServer(entry, `${path}.Resolvers[${index}]`);
      if (isIP(parsed.host) === 0) throw new ConfigError(`${path}.Resolvers[${index}]`, `${JSON.stringify(entry)} must be an IP address (optionally with a port)`);
      const host = isIP(parsed.host) === 6 ? `[${parsed.host}]` : parsed.host;
      return parsed.port === undefined ? parsed.host : `${host}:${parsed.port}`;
    });
    return {
      zone,
      nameServers,
      resolvers,
      port: keys.Port,
      queryTimeoutMs: Math.round(keys.QueryTimeout * 1000),
      ipv6: keys.IPv6,
    };
  },
  load: async () => (await import('./index.js')).createDnsSource,
};

/** "host", "host:port", an IPv4 or IPv6 address, or "[IPv6]:port". */
export function parseNameServer(entry: unknown, key: string): DnsNameServer {
  if (typeof entry !== 'string' || entry.trim() === '') throw new ConfigError(key, 'expected "host" or "host:port"');
  const text = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const [host, portText] = bracketed !== null
    ? [bracketed[1] ?? '', bracketed[2]]
    : isIP(text) === 6 ? [text, undefined] : text.split(':', 2) as [string, string | undefined];
  if (host === '' || /\s/.test(host)) throw new ConfigError(key, `${JSON.stringify(entry)} is not a host name or address`);
  if (portText === undefined) return { host };
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new ConfigError(key, `${JSON.stringify(entry)}: port must be 1-65535`);
  return { host, port };
}
