/**
 * Interface counters from `<procRoot>/net/dev` under scollector's names, and link speed from
 * `<sysRoot>/class/net/<iface>/speed`. Bond interfaces (those with `<procRoot>/net/bonding/<iface>`) go under
 * `linux.net.bond.*` and `os.net.bond.*` so that summing `os.net.bytes` over a host does not count a bond's traffic
 * twice (once on the bond, once on its slaves).
 *
 * Counters are sent as the kernel keeps them; Bosun computes rates. Above 2^53 (8 PiB) a counter loses precision in a
 * JavaScript number — far beyond any interface between two restarts of the agent.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromAbortable } from '../abortable.js';
import { datum, nowSeconds, type Datum } from '../../datum.js';
import { listBonds } from '../bonding/index.js';
import { sourceContext, type Source, type SourceContext } from '../../source.js';
import { type Field, OS_FIELDS, METRICS } from './metrics.js';
import { type InterfaceCounters, parseProcNetDev } from './parse.js';

export interface NetDevOptions {
  /** Where proc is mounted: counters from `<procRoot>/net/dev`, bonds from `<procRoot>/net/bonding/`. */
  procRoot: string;
  /** Where sysfs is mounted: speed from `<sysRoot>/class/net/<iface>/speed`. */
  sysRoot: string;
  /** Only interfaces whose name matches (whole name or part: anchor it); undefined: every interface. */
  include?: RegExp;
  /** Interfaces whose name matches are left out, after `include`; undefined: none. */
  exclude?: RegExp;
}

/**
 * Loopback and the per-container plumbing of Docker, libvirt and the usual CNI plugins (scollector's interface
 * pattern never matched them either).
 */
export const DEFAULT_EXCLUDE = '^(lo|docker.*|veth.*|br-.*|virbr.*|cni.*|flannel.*|cali.*|vxlan.*|kube-.*)$';

export const NET_DEV_DEFAULTS: NetDevOptions = { procRoot: '/proc', sysRoot: '/sys', exclude: new RegExp(DEFAULT_EXCLUDE) };

/** Whether `iface` passes the include and exclude filters. */
export function selected(iface: string, options: Pick<NetDevOptions, 'include' | 'exclude'>): boolean {
  return (options.include?.test(iface) ?? true) && !(options.exclude?.test(iface) ?? false);
}

/** The counter datapoints of one interface. */
export function interfaceDatums(counters: InterfaceCounters, isBond: boolean, timestamp: number): Datum[] {
  const points: Datum[] = [];
  const linux = isBond ? 'linux.net.bond' : 'linux.net';
  const os = isBond ? 'os.net.bond' : 'os.net';
  for (const [direction, values] of [['in', counters.in], ['out', counters.out]] as const) {
    for (const [field, value] of Object.entries(values) as [Field, number][]) {
      const tags = { iface: counters.iface, direction };
      points.push(datum(`${linux}.${field}`, value, tags, timestamp));
      if (OS_FIELDS.has(field)) points.push(datum(`${os}.${field}`, value, tags, timestamp));
    }
  }
  return points;
}

export function createNetDevSource(options: Partial<NetDevOptions> = {}, context: Partial<SourceContext> = {}): Source {
  const settings: NetDevOptions = { ...NET_DEV_DEFAULTS, ...options };
  const { skip } = sourceContext(context);

  /** Mbit/s, or undefined when the driver has none to tell (virtual interfaces answer EINVAL, a down link -1). */
  function speed(iface: string): number | undefined {
    try {
      const text = readFileSync(join(settings.sysRoot, 'class', 'net', iface, 'speed'), 'utf8');
      const value = Number(text.trim());
      return Number.isInteger(value) && value > 0 ? value : undefined;
    } catch {
      return undefined;
    }
  }

  async function read(signal: AbortSignal): Promise<Datum[]> {
    const timestamp = nowSeconds();
    // /proc and /sys answer from memory: a synchronous read costs microseconds, a promise-based one four trips to the
    // thread pool. Cancellation is checked where the reading waits.
    const text = readFileSync(join(settings.procRoot, 'net', 'dev'), 'utf8');
    const bonds = new Set(await listBonds(settings.procRoot));
    signal.throwIfAborted();
    const parsed = parseProcNetDev(text);
    skip(parsed.skipped, 'netdev: unreadable fields in net/dev skipped');
    const points: Datum[] = [];
    for (const counters of parsed.interfaces.filter((each) => selected(each.iface, settings))) {
      points.push(...interfaceDatums(counters, bonds.has(counters.iface), timestamp));
      const mbit = speed(counters.iface);
      if (mbit !== undefined) points.push(datum('linux.net.ifspeed', mbit, { iface: counters.iface }, timestamp));
    }
    return points;
  }

  return {
    name: 'netdev',
    metadata: METRICS,
    collect: () => fromAbortable(read),
  };
}

export { METRICS } from './metrics.js';

export { type InterfaceCounters, type ParsedNetDev, parseProcNetDev } from './parse.js';
