import { type MetricMeta } from '../../datum.js';

export const METRICS = [
  {
    metric: 'os.net.has_ipv4s',
    rate: 'gauge',
    unit: 'bool',
    desc: 'Whether the IPv4 address is bound on some interface of this host (1) or not (0).',
    tags: ['ipv4'],
  },
  {
    metric: 'os.net.has_ipv6s',
    rate: 'gauge',
    unit: 'bool',
    desc: 'Whether the IPv6 address is bound on some interface of this host (1) or not (0); tag value is the canonical address with ":" written as "-".',
    tags: ['ipv6'],
  },
] as const satisfies readonly MetricMeta[];
