/** The dns collector's defaults: what a library caller gets for an option left out, and the TOML table's defaults. */
import type { DnsOptions } from './index.js';

export const DNS_DEFAULTS: Omit<DnsOptions, 'zone'> = {
  nameServers: [],
  resolvers: [],
  port: 53,
  queryTimeoutMs: 2000,
  ipv6: true,
};
