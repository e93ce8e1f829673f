/**
 * Interface counters from `<procRoot>/net/dev` under scollector's names, and link speed from
 * `<sysRoot>/class/net/<iface>/speed`. Bond interfaces (those with `<procRoot>/net/bonding/<iface>`) go under
 * `linux.net.bond.*` and `os.net.bond.*` so that summing `os.net.bytes` over a host does not count a bond's traffic
 * twice (once on the bond, once on its slaves).
 *
 * Counters are sent as the kernel keeps them; Bosun computes rates. Above 2^53 (8 PiB) a counter loses precision in a
 * JavaScript number — far beyond any interface between two restarts of the agent.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromAbortable } from '../abortable.js';
import { datum, nowSeconds, type Datum, type MetricMeta } from '../../datum.js';
import { listBonds } from '../bonding/index.js';
import { sourceContext, type Source, type SourceContext } from '../../source.js';

/** The 16 columns of /proc/net/dev in order: 8 receive, then 8 transmit. */
const RECEIVE = ['bytes', 'packets', 'errs', 'dropped', 'fifo_errs', 'frame_errs', 'compressed', 'multicast'] as const;
const TRANSMIT = ['bytes', 'packets', 'errs', 'dropped', 'fifo_errs', 'collisions', 'carrier_errs', 'compressed'] as const;
type Field = (typeof RECEIVE)[number] | (typeof TRANSMIT)[number];
/** The fields scollector also sends under the OS-neutral `os.net.*` names. */
const OS_FIELDS: ReadonlySet<Field> = new Set(['bytes', 'packets', 'errs', 'dropped']);

const UNITS: Record<Field, string> = {
  bytes: 'bytes',
  packets: 'packets',
  errs: 'errors',
  dropped: 'packets',
  fifo_errs: 'errors',
  frame_errs: 'errors',
  compressed: 'packets',
  multicast: 'packets',
  collisions: 'errors',
  carrier_errs: 'errors',
};

const DESCRIPTIONS: Record<Field, string> = {
  bytes: 'Bytes received (direction=in) or sent (direction=out).',
  packets: 'Packets received or sent.',
  errs: 'Receive or transmit errors the driver counted.',
  dropped: 'Packets dropped (no buffer, filtered, or the driver gave up).',
  fifo_errs: 'FIFO buffer errors (overruns).',
  frame_errs: 'Receive framing errors (direction=in only).',
  compressed: 'Compressed packets (cslip, ppp) received or sent.',
  multicast: 'Multicast frames received (direction=in only).',
  collisions: 'Collisions detected on the medium (direction=out only).',
  carrier_errs: 'Carrier losses while sending (direction=out only).',
};

const FIELDS: readonly Field[] = [...new Set<Field>([...RECEIVE, ...TRANSMIT])];
const TAGS = ['iface', 'direction'] as const;

function counterMeta(prefix: string, field: Field): MetricMeta {
  return { metric: `${prefix}.${field}`, rate: 'counter', unit: UNITS[field], desc: DESCRIPTIONS[field], tags: TAGS };
}

export const METRICS: readonly MetricMeta[] = [
  ...FIELDS.map((field) => counterMeta('linux.net', field)),
  ...FIELDS.map((field) => ({ ...counterMeta('linux.net.bond', field), desc: `Bond interface: ${DESCRIPTIONS[field]}` })),
  ...FIELDS.filter((field) => OS_FIELDS.has(field)).map((field) => counterMeta('os.net', field)),
  ...FIELDS.filter((field) => OS_FIELDS.has(field)).map((field) => ({ ...counterMeta('os.net.bond', field), desc: `Bond interface: ${DESCRIPTIONS[field]}` })),
  { metric: 'linux.net.ifspeed', rate: 'gauge', unit: 'Mbit', tags: ['iface'], desc: 'Link speed from /sys/class/net/<iface>/speed; not sent when unreadable or not positive (link down, virtual interface).' },
];

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

const HEADER = /^\s*(Inter-|face)\s*\|/;

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
    const read = (names: readonly Field[], offset: number, into: Partial<Record<Field, number>>): void => {
      names.forEach((name, index) => {
        const column = columns[offset + index];
        if (column !== undefined && /^\d+$/.test(column)) into[name] = Number(column);
        else skipped += 1;
      });
    };
    read(RECEIVE, 0, counters.in);
    read(TRANSMIT, RECEIVE.length, counters.out);
    interfaces.push(counters);
  }
  return { interfaces, skipped };
}

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
  async function speed(iface: string, signal: AbortSignal): Promise<number | undefined> {
    try {
      const text = await readFile(join(settings.sysRoot, 'class', 'net', iface, 'speed'), { encoding: 'utf8', signal });
      const value = Number(text.trim());
      return Number.isInteger(value) && value > 0 ? value : undefined;
    } catch (error) {
      if (signal.aborted) throw error;
      return undefined;
    }
  }

  async function read(signal: AbortSignal): Promise<Datum[]> {
    const timestamp = nowSeconds();
    const text = await readFile(join(settings.procRoot, 'net', 'dev'), { encoding: 'utf8', signal });
    const bonds = new Set(await listBonds(settings.procRoot));
    const parsed = parseProcNetDev(text);
    skip(parsed.skipped, 'netdev: unreadable fields in net/dev skipped');
    const points: Datum[] = [];
    for (const counters of parsed.interfaces.filter((each) => selected(each.iface, settings))) {
      points.push(...interfaceDatums(counters, bonds.has(counters.iface), timestamp));
      const mbit = await speed(counters.iface, signal);
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
