import { type MetricMeta } from '../../datum.js';

/** The 16 columns of /proc/net/dev in order: 8 receive, then 8 transmit. */
export const RECEIVE = ['bytes', 'packets', 'errs', 'dropped', 'fifo_errs', 'frame_errs', 'compressed', 'multicast'] as const;

export const TRANSMIT = ['bytes', 'packets', 'errs', 'dropped', 'fifo_errs', 'collisions', 'carrier_errs', 'compressed'] as const;

export type Field = (typeof RECEIVE)[number] | (typeof TRANSMIT)[number];

/** The fields scollector also sends under the OS-neutral `os.net.*` names. */
export const OS_FIELDS: ReadonlySet<Field> = new Set(['bytes', 'packets', 'errs', 'dropped']);

/**
 * scollector's unit for every field but bytes was `metadata.Count`, the empty unit, which it never sends: naming the
 * unit here overrides nothing in Bosun's metadata (README, "scollector's host metrics").
 */
export const UNITS: Record<Field, string> = {
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

export const DESCRIPTIONS: Record<Field, string> = {
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

export const FIELDS: readonly Field[] = [...new Set<Field>([...RECEIVE, ...TRANSMIT])];

export const TAGS = ['iface', 'direction'] as const;

/** The four speed series scollector sends from one sysfs file: `<linux|os>.net[.bond].ifspeed`. */
export const SPEED_PREFIXES = ['linux.net', 'os.net', 'linux.net.bond', 'os.net.bond'] as const;

const SPEED_DESC = 'Link speed from /sys/class/net/<iface>/speed as the kernel prints it: -1 while the link is down'
  + ' (a bond: no slave up), the sum of the active slaves for most bond modes; not sent when the file cannot be read'
  + ' (interface administratively down, driver without link settings).';

/** The metric a column is sent as under `prefix` (`linux.net`, `os.net.bond` …). */
export function counterName(prefix: string, field: Field): string {
  return `${prefix}.${field}`;
}

export function counterMeta(prefix: string, field: Field): MetricMeta {
  return { metric: counterName(prefix, field), rate: 'counter', unit: UNITS[field], desc: DESCRIPTIONS[field], tags: TAGS };
}

const bond = (meta: MetricMeta): MetricMeta => ({ ...meta, desc: `Bond interface: ${meta.desc}` });

export const METRICS: readonly MetricMeta[] = [
  ...FIELDS.map((field) => counterMeta('linux.net', field)),
  ...FIELDS.map((field) => bond(counterMeta('linux.net.bond', field))),
  ...FIELDS.filter((field) => OS_FIELDS.has(field)).map((field) => counterMeta('os.net', field)),
  ...FIELDS.filter((field) => OS_FIELDS.has(field)).map((field) => bond(counterMeta('os.net.bond', field))),
  ...SPEED_PREFIXES.map((prefix): MetricMeta => {
    const meta: MetricMeta = { metric: `${prefix}.ifspeed`, rate: 'gauge', unit: 'Mbit', tags: ['iface'], desc: SPEED_DESC };
    return prefix.endsWith('.bond') ? bond(meta) : meta;
  }),
  {
    metric: 'linux.net.ip_count', rate: 'gauge', unit: 'IP_Addresses', tags: ['version'],
    desc: 'Addresses bound on the host, every interface: version=4 from /proc/net/fib_trie, version=6 from /proc/net/if_inet6 (0 without IPv6).',
  },
];
