import { RECEIVE, TRANSMIT, type Field } from './metrics.js';

export interface InterfaceCounters {
  iface: string;
  /** Receive columns by name; a column that could not be read is absent. */
  in: Partial<Record<Field, number>>;
  out: Partial<Record<Field, number>>;
}

export interface ParsedNetDev {
  interfaces: InterfaceCounters[];
  skipped: number;
}

export const HEADER = /^\s*(Inter-|face)\s*\|/;

const DIGITS = /^\d+$/;

/** Reads `names` from `columns` on from `offset` into `into`; returns how many could not be read. */
function readColumns(columns: readonly string[], offset: number, names: readonly Field[], into: Partial<Record<Field, number>>): number {
  let skipped = 0;
  let index = offset;
  for (const name of names) {
    const column = columns[index++];
    if (column !== undefined && DIGITS.test(column)) into[name] = Number(column);
    else skipped += 1;
  }
  return skipped;
}

/** Parses /proc/net/dev: two header lines, then `iface: 16 numbers`. Unreadable lines and columns are counted. */
export function parseProcNetDev(text: string): ParsedNetDev {
  const interfaces: InterfaceCounters[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '' || HEADER.test(line)) continue;
    // The name may run into the first number when it is long ("enp0s31f6:1234"): split at the last colon.
    const colon = line.lastIndexOf(':');
    const iface = colon < 0 ? '' : line.slice(0, colon).trim();
    if (iface === '') {
      skipped += 1;
      continue;
    }
    const columns = line.slice(colon + 1).trim().split(/\s+/);
    const counters: InterfaceCounters = { iface, in: {}, out: {} };
    skipped += readColumns(columns, 0, RECEIVE, counters.in) + readColumns(columns, RECEIVE.length, TRANSMIT, counters.out);
    interfaces.push(counters);
  }
  return { interfaces, skipped };
}

/**
 * A `/sys/class/net/<iface>/speed` value in Mbit/s: any integer, -1 (SPEED_UNKNOWN, the link is down) included, as
 * scollector passed it on; undefined for anything else.
 */
export function parseSpeed(text: string): number | undefined {
  const trimmed = text.trim();
  return /^-?\d+$/.test(trimmed) ? Number(trimmed) : undefined;
}

/**
 * The local IPv4 addresses in `/proc/net/fib_trie`: every address whose leaf is `/32 host LOCAL` (each bound address
 * has one). The kernel may print the trie twice (Main: and Local: share it), so addresses are collected as a set.
 */
export function localIpv4Addresses(fibTrie: string): Set<string> {
  const addresses = new Set<string>();
  let address: string | undefined;
  for (const line of fibTrie.split('\n')) {
    const leaf = /^\s*\|--\s+(\d{1,3}(?:\.\d{1,3}){3})\s*$/.exec(line);
    if (leaf !== null) address = leaf[1];
    else if (/^\s*\+--/.test(line)) address = undefined;
    else if (address !== undefined && /^\s*\/32 host LOCAL\s*$/.test(line)) addresses.add(address);
  }
  return addresses;
}

/** The IPv6 addresses in `/proc/net/if_inet6`: one line each, as `ip addr list` prints one `inet6` line each. */
export function ipv6AddressCount(ifInet6: string): number {
  return ifInet6.split('\n').filter((line) => line.trim() !== '').length;
}
