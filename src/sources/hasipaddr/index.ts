/**
 * Whether the configured addresses (VIPs) are bound on this host: rs-collector's `[HasIpAddr]`. A keepalived or
 * pacemaker pair alerts on "exactly one of us has the VIP" with these series.
 *
 * IPv6 tag values: `:` is not a valid OpenTSDB tag character, so the address is written in its canonical RFC 5952
 * form (lower case, longest zero run compressed, as `new URL` prints it) with every `:` replaced by `-`:
 * `::1` → `--1`, `2001:DB8:0::1` → `2001-db8--1`. One address always gives one tag value, however it was written.
 */
import { isIPv4, isIPv6 } from 'node:net';
import { networkInterfaces, type NetworkInterfaceInfo } from 'node:os';
import { addressTag, canonicalIpv6, datum, nowSeconds, type Datum } from '../../datum.js';
import type { Source, SourceContext } from '../../source.js';
import { fromSynchronous } from '../abortable.js';
import { METRICS } from './metrics.js';

export interface HasIpAddrOptions {
  /** IPv4 addresses to look for, dotted quad. */
  ipv4: readonly string[];
  /** IPv6 addresses to look for, any valid textual form, without a zone (`%eth0`). */
  ipv6: readonly string[];
  /** Where the bound addresses come from; `os.networkInterfaces` unless a test or library user says otherwise. */
  interfaces?: () => NodeJS.Dict<NetworkInterfaceInfo[]>;
}

export const HAS_IP_ADDR_DEFAULTS: HasIpAddrOptions = { ipv4: [], ipv6: [] };

/** The tag value for an IPv6 address (see `addressTag`). */
export const ipv6Tag = (address: string): string => addressTag(canonicalIpv6(address));

export { canonicalIpv6 } from '../../datum.js';

/** Addresses bound on any interface: IPv4 as printed, IPv6 canonical without zone. */
export function boundAddresses(interfaces: NodeJS.Dict<NetworkInterfaceInfo[]>): { ipv4: Set<string>; ipv6: Set<string> } {
  const ipv4 = new Set<string>();
  const ipv6 = new Set<string>();
  for (const entries of Object.values(interfaces)) {
    for (const entry of entries ?? []) {
      const address = entry.address.split('%')[0] ?? '';
      if (isIPv4(address)) ipv4.add(address);
      else if (isIPv6(address)) ipv6.add(canonicalIpv6(address));
    }
  }
  return { ipv4, ipv6 };
}

/** One reading's datapoints for the configured addresses against the bound ones. */
export function hasIpAddrDatums(options: HasIpAddrOptions, bound: ReturnType<typeof boundAddresses>, timestamp: number): Datum[] {
  const points: Datum[] = [];
  for (const address of options.ipv4) {
    points.push(datum('os.net.has_ipv4s', bound.ipv4.has(address) ? 1 : 0, { ipv4: address }, timestamp));
  }
  for (const address of options.ipv6) {
    const canonical = canonicalIpv6(address);
    points.push(datum('os.net.has_ipv6s', bound.ipv6.has(canonical) ? 1 : 0, { ipv6: ipv6Tag(address) }, timestamp));
  }
  return points;
}

export function createHasIpAddrSource(options: HasIpAddrOptions, _context: Partial<SourceContext> = {}): Source {
  for (const address of options.ipv4) if (!isIPv4(address)) throw new TypeError(`not an IPv4 address: ${address}`);
  for (const address of options.ipv6) canonicalIpv6(address);
  const interfaces = options.interfaces ?? networkInterfaces;
  return {
    name: 'hasipaddr',
    metadata: METRICS,
    collect: () => fromSynchronous(() => hasIpAddrDatums(options, boundAddresses(interfaces()), nowSeconds())),
  };
}

export { METRICS } from './metrics.js';
