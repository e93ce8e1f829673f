import { type MetricMeta } from '../../datum.js';

/** The 16 columns of /proc/net/dev in order: 8 receive, then 8 transmit. */
export const RECEIVE = ['bytes', 'packets', 'errs', 'dropped', 'fifo_errs', 'frame_errs', 'compressed', 'multicast'] as const;

export const TRANSMIT = ['bytes', 'packets', 'errs', 'dropped', 'fifo_errs', 'collisions', 'carrier_errs', 'compressed'] as const;

export type Field = (typeof RECEIVE)[number] | (typeof TRANSMIT)[number];

/** The fields scollector also sends under the OS-neutral `os.net.*` names. */
export const OS_FIELDS: ReadonlySet<Field> = new Set(['bytes', 'packets', 'errs', 'dropped']);

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

export function counterMeta(prefix: string, field: Field): MetricMeta {
  return { metric: `${prefix}.${field}`, rate: 'counter', unit: UNITS[field], desc: DESCRIPTIONS[field], tags: TAGS };
}

export const METRICS: readonly MetricMeta[] = [
  ...FIELDS.map((field) => counterMeta('linux.net', field)),
  ...FIELDS.map((field) => ({ ...counterMeta('linux.net.bond', field), desc: `Bond interface: ${DESCRIPTIONS[field]}` })),
  ...FIELDS.filter((field) => OS_FIELDS.has(field)).map((field) => counterMeta('os.net', field)),
  ...FIELDS.filter((field) => OS_FIELDS.has(field)).map((field) => ({ ...counterMeta('os.net.bond', field), desc: `Bond interface: ${DESCRIPTIONS[field]}` })),
  { metric: 'linux.net.ifspeed', rate: 'gauge', unit: 'Mbit', tags: ['iface'], desc: 'Link speed from /sys/class/net/<iface>/speed; not sent when unreadable or not positive (link down, virtual interface).' },
];
