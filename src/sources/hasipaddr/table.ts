/** `[HasIpAddr]`: rs-collector's table, unchanged, plus `Ipv6`. */
import { isIPv4 } from 'node:net';
import type { HasIpAddrOptions } from './index.js';
import { METRICS } from './metrics.js';
import { canonicalIpv6 } from '../../datum.js';
import { ConfigError, type SourceTable } from '../../table.js';

export interface HasIpAddrKeys {
  Ipv4: string[];
  Ipv6: string[];
}

export const hasIpAddrTable: SourceTable<HasIpAddrKeys, HasIpAddrOptions> = {
  table: 'HasIpAddr',
  summary: 'Whether the given IPv4 and IPv6 addresses are bound on this host.',
  metrics: METRICS,
  many: false,
  // With no addresses configured it sends nothing, as rs-collector did; on by default so `Ipv4 = [...]` is all it takes.
  onByDefault: true,
  schema: {
    Ipv4: { doc: 'IPv4 addresses to report as bound (1) or not (0) in os.net.has_ipv4s.', format: Array, default: [] },
    Ipv6: { doc: 'IPv6 addresses to report as bound (1) or not (0) in os.net.has_ipv6s.', format: Array, default: [] },
  },
  toOptions(keys, path) {
    return {
      ipv4: addresses(keys.Ipv4, `${path}.Ipv4`, (text) => (isIPv4(text) ? text : undefined), 'an IPv4 address like 192.0.2.10'),
      ipv6: addresses(keys.Ipv6, `${path}.Ipv6`, ipv6OrUndefined, 'an IPv6 address like 2001:db8::10 (no %zone)'),
    };
  },
  load: async () => (await import('./index.js')).createHasIpAddrSource,
};

function ipv6OrUndefined(text: string): string | undefined {
  try {
    canonicalIpv6(text);
    return text;
  } catch {
    return undefined;
  }
}

function addresses(values: unknown[], key: string, check: (text: string) => string | undefined, expected: string): string[] {
  return values.map((value, index) => {
    const valid = typeof value === 'string' ? check(value.trim()) : undefined;
    if (valid === undefined) throw new ConfigError(`${key}[${index}]`, `${JSON.stringify(value)} is not ${expected}`);
    return valid;
  });
}
