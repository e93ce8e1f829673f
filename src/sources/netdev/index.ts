/**
 * Interface counters from `<procRoot>/net/dev` and link speed from `<sysRoot>/class/net/<iface>/speed`, as scollector's
 * ifstat collector sent them: the same names, tags, rates and interface selection (README, "scollector's host
 * metrics"). Bonds and teams go under `linux.net.bond.*` and `os.net.bond.*` so that summing `os.net.bytes` over a host
 * does not count a bond's traffic twice (once on the bond, once on its slaves).
 *
 * Counters are sent as the kernel keeps them; Bosun computes rates. Above 2^53 (8 PiB) a counter loses precision in a
 * JavaScript number — far beyond any interface between two restarts of the agent.
 */
import { join } from 'node:path';
import { fromSynchronous } from '../abortable.js';
import { keptFiles } from '../keptFiles.js';
import { datum, nowSeconds, type Datum } from '../../datum.js';
import { listBonds } from '../bonding/index.js';
import { sourceContext, type Source, type SourceContext } from '../../source.js';
import { counterName, type Field, OS_FIELDS, METRICS, RECEIVE, SPEED_PREFIXES, TRANSMIT } from './metrics.js';
import { type InterfaceCounters, ipv6AddressCount, localIpv4Addresses, parseProcNetDev, parseSpeed } from './parse.js';
import { NET_DEV_DEFAULTS } from './defaults.js';

export { SCOLLECTOR_INTERFACES, NET_DEV_DEFAULTS } from './defaults.js';

export interface NetDevOptions {
  /** Where proc is mounted: counters from `<procRoot>/net/dev`, bonds from `<procRoot>/net/bonding/`. */
  procRoot: string;
  /** Where sysfs is mounted: speed from `<sysRoot>/class/net/<iface>/speed`. */
  sysRoot: string;
  /** Only interfaces whose name matches (whole name or part: anchor it); undefined: every interface. */
  include?: RegExp;
  /** Interfaces whose name matches are left out, after `include`; undefined: none. */
  exclude?: RegExp;
  /** The clock (ms) an unreadable speed is retried by; tests inject one. Default Date.now. */
  now?: () => number;
}

/**
 * An interface whose speed cannot be read (loopback, tunnels, bridges, ifb: never; a NIC without link: until it has
 * one) is asked again after this long rather than at every reading, where the failed read and its exception would
 * cost more than a read that works.
 */
export const SPEED_RETRY_MS = 60_000;

/**
 * While the bonding driver lists no bond (no bonding module loaded: most hosts), it is asked again only after this long,
 * so a bond made later whose name starts with neither `bond` nor `team` moves under `.bond.` within this long.
 */
export const BONDING_RETRY_MS = 60_000;

const NO_BONDS: ReadonlySet<string> = new Set();

/** Whether `iface` passes the include and exclude filters. */
export function selected(iface: string, options: Pick<NetDevOptions, 'include' | 'exclude'>): boolean {
  return (options.include?.test(iface) ?? true) && !(options.exclude?.test(iface) ?? false);
}

/**
 * Whether the interface's series go under `.bond.`: a bond the bonding driver lists, whatever its name, or a name
 * scollector took for one (`bond…`, `team…`: teamd teams have no /proc file).
 */
export function isBond(iface: string, bonds: ReadonlySet<string>): boolean {
  return bonds.has(iface) || iface.startsWith('bond') || iface.startsWith('team');
}

interface ColumnNames {
  field: Field;
  linux: string;
  /** Only for the fields scollector also sent under `os.net`. */
  os: string | undefined;
}

/** The metric names of each column, made once rather than concatenated at every point of every reading. */
function columnNames(linux: string, os: string, fields: readonly Field[]): ColumnNames[] {
  return fields.map((field) => ({
    field, linux: counterName(linux, field), os: OS_FIELDS.has(field) ? counterName(os, field) : undefined,
  }));
}

const NAMES = {
  plain: { in: columnNames('linux.net', 'os.net', RECEIVE), out: columnNames('linux.net', 'os.net', TRANSMIT) },
  bond: { in: columnNames('linux.net.bond', 'os.net.bond', RECEIVE), out: columnNames('linux.net.bond', 'os.net.bond', TRANSMIT) },
};

/** The counter datapoints of one interface. */
export function interfaceDatums(counters: InterfaceCounters, bond: boolean, timestamp: number): Datum[] {
  const points: Datum[] = [];
  const names = bond ? NAMES.bond : NAMES.plain;
  for (const direction of ['in', 'out'] as const) {
    const values = counters[direction];
    // One tags object for the direction's points: the pipeline composes tags into new objects and never changes these.
    const tags = { iface: counters.iface, direction };
    for (const { field, linux, os } of names[direction]) {
      const value = values[field];
      if (value === undefined) continue;
      points.push(datum(linux, value, tags, timestamp));
      if (os !== undefined) points.push(datum(os, value, tags, timestamp));
    }
  }
  return points;
}

/** The two speed datapoints of one interface (`linux.net[.bond].ifspeed`, `os.net[.bond].ifspeed`). */
export function speedDatums(iface: string, bond: boolean, mbit: number, timestamp: number): Datum[] {
  return SPEED_PREFIXES.filter((prefix) => prefix.endsWith('.bond') === bond)
    .map((prefix) => datum(`${prefix}.ifspeed`, mbit, { iface }, timestamp));
}

/** `parse`, run again only when the text differs from the last one it was given. */
function parsedWhenChanged<T>(parse: (text: string) => T): (text: string) => T {
  let last: { text: string; value: T } | undefined;
  return (text) => {
    if (last?.text !== text) last = { text, value: parse(text) };
    return last.value;
  };
}

export function createNetDevSource(options: Partial<NetDevOptions> = {}, context: Partial<SourceContext> = {}): Source {
  const settings: NetDevOptions = { ...NET_DEV_DEFAULTS, ...options };
  const { skip } = sourceContext(context);
  const now = settings.now ?? Date.now;
  /** Interfaces whose speed could not be read, and when to try again. */
  const speedRetryAt = new Map<string, number>();
  const files = keptFiles();
  let bondingRetryAt = Number.NEGATIVE_INFINITY;

  function bonds(nowMs: number): ReadonlySet<string> {
    if (nowMs < bondingRetryAt) return NO_BONDS;
    const listed = listBonds(settings.procRoot);
    if (listed.length === 0) bondingRetryAt = nowMs + BONDING_RETRY_MS;
    return new Set(listed);
  }

  /** The speed file's text; undefined when it cannot be read (interface down: EINVAL; no such file) or not yet again. */
  function speedText(iface: string, nowMs: number): string | undefined {
    const retryAt = speedRetryAt.get(iface);
    if (retryAt !== undefined && nowMs < retryAt) return undefined;
    try {
      const text = files.read(join(settings.sysRoot, 'class', 'net', iface, 'speed'));
      speedRetryAt.delete(iface);
      return text;
    } catch {
      speedRetryAt.set(iface, nowMs + SPEED_RETRY_MS);
      return undefined;
    }
  }

  /** A proc file's text; undefined when it does not exist (no IPv6: no if_inet6). */
  function optionalProc(path: string): string | undefined {
    try {
      return files.read(join(settings.procRoot, 'net', path));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  // The address tables change only when an address does: parsing fib_trie's text at every reading was ~6 % of the
  // agent's JavaScript at Freq 1, and its garbage kept V8's worker threads busy.
  const ipv4Count = parsedWhenChanged((fibTrie) => localIpv4Addresses(fibTrie).size);
  const ipv6Count = parsedWhenChanged(ipv6AddressCount);

  /** scollector's `linux.net.ip_count`: addresses bound on the host, all interfaces (it counted `ip addr list` lines). */
  function addressCounts(timestamp: number): Datum[] {
    const fibTrie = optionalProc('fib_trie');
    const ifInet6 = optionalProc('if_inet6');
    return [
      ...(fibTrie === undefined ? [] : [datum('linux.net.ip_count', ipv4Count(fibTrie), { version: '4' }, timestamp)]),
      datum('linux.net.ip_count', ifInet6 === undefined ? 0 : ipv6Count(ifInet6), { version: '6' }, timestamp),
    ];
  }

  function read(): Datum[] {
    const timestamp = nowSeconds();
    // /proc and /sys answer from memory: synchronous reads cost microseconds, promise-based ones four trips to the
    // thread pool each, and a wake-up when they are done.
    const text = files.read(join(settings.procRoot, 'net', 'dev'));
    const nowMs = now();
    const bonded = bonds(nowMs);
    const parsed = parseProcNetDev(text);
    skip(parsed.skipped, 'netdev: unreadable fields in net/dev skipped');
    const points: Datum[] = [];
    for (const counters of parsed.interfaces.filter((each) => selected(each.iface, settings))) {
      const bond = isBond(counters.iface, bonded);
      points.push(...interfaceDatums(counters, bond, timestamp));
      const speed = speedText(counters.iface, nowMs);
      if (speed === undefined) continue;
      const mbit = parseSpeed(speed);
      if (mbit === undefined) skip(1, 'netdev: unreadable link speed skipped', { iface: counters.iface, speed: speed.trim() });
      else points.push(...speedDatums(counters.iface, bond, mbit, timestamp));
    }
    // interfaces that went away (containers, tunnels) are forgotten with them
    if (speedRetryAt.size > 0) {
      const present = new Set(parsed.interfaces.map((each) => each.iface));
      for (const iface of speedRetryAt.keys()) if (!present.has(iface)) speedRetryAt.delete(iface);
    }
    points.push(...addressCounts(timestamp));
    files.sweep();
    return points;
  }

  return {
    name: 'netdev',
    metadata: METRICS,
    collect: () => fromSynchronous(read),
    close: () => {
      files.close();
      return Promise.resolve();
    },
  };
}

export { METRICS, RECEIVE, TRANSMIT, type Field } from './metrics.js';

export { type InterfaceCounters, type ParsedNetDev, parseProcNetDev, parseSpeed } from './parse.js';
