/**
 * Every metric the Docker source sends. Bosun's metadata and the README's table come from this list. Counters are the
 * engine's cumulative values as it reports them (Bosun derives the rates); nothing is computed between readings.
 */
import type { MetricMeta } from '../../datum.js';

/** Tags of every per-container metric; the labels named in `Labels` come on top (their names are the user's). */
export const CONTAINER_TAGS = ['container', 'image'] as const;
const INTERFACE_TAGS = [...CONTAINER_TAGS, 'interface'] as const;

/** What `docker.health` sends for each health status the engine reports (a container without a check sends none). */
export const HEALTH_VALUES: Readonly<Record<string, number>> = { healthy: 0, starting: 1, unhealthy: 2 };

/** The states Docker documents for a container; each gets a `docker.containers` series, 0 when none is in it. */
export const CONTAINER_STATES = ['created', 'running', 'paused', 'restarting', 'removing', 'exited', 'dead'] as const;

const container = (metric: string, rate: MetricMeta['rate'], unit: string, desc: string): MetricMeta =>
  ({ metric, rate, unit, desc, tags: CONTAINER_TAGS });

const network = (field: string, unit: string, what: string): MetricMeta => ({
  metric: `docker.net.${field}`, rate: 'counter', unit, tags: INTERFACE_TAGS,
  desc: `${what} on this interface of the container's network namespace (the engine's \`${field}\`).`,
});

export const NETWORK_FIELDS = [
  ['rx_bytes', 'bytes', 'Bytes received'], ['tx_bytes', 'bytes', 'Bytes sent'],
  ['rx_packets', 'packets', 'Packets received'], ['tx_packets', 'packets', 'Packets sent'],
  ['rx_errors', 'errors', 'Receive errors'], ['tx_errors', 'errors', 'Transmit errors'],
  ['rx_dropped', 'packets', 'Received packets dropped'], ['tx_dropped', 'packets', 'Packets to send dropped'],
] as const;

export const METRICS: readonly MetricMeta[] = [
  {
    metric: 'docker.containers', rate: 'gauge', unit: 'containers', tags: ['state'],
    desc: `Containers the engine has in each state (${CONTAINER_STATES.join(', ')}, and any other state it reports), `
      + 'all of them, whatever Include and Exclude say.',
  },
  { metric: 'docker.images', rate: 'gauge', unit: 'images', desc: 'Images the engine holds (`/info` Images).' },
  container('docker.cpu.usage', 'counter', 'nanoseconds', 'CPU time the container used, user and system (cpu_usage.total_usage).'),
  container('docker.cpu.user', 'counter', 'nanoseconds', 'CPU time in user mode (cpu_usage.usage_in_usermode).'),
  container('docker.cpu.system', 'counter', 'nanoseconds', 'CPU time in kernel mode (cpu_usage.usage_in_kernelmode).'),
  container('docker.cpu.throttling.periods', 'counter', 'periods', 'CFS enforcement periods that elapsed while the container could run.'),
  container('docker.cpu.throttling.throttled_periods', 'counter', 'periods', 'Periods in which the container hit its CPU quota and was throttled.'),
  container('docker.cpu.throttling.throttled_time', 'counter', 'nanoseconds', 'Time the container spent throttled.'),
  container('docker.mem.usage', 'gauge', 'bytes', 'Memory the container\'s cgroup uses now, page cache included (memory_stats.usage).'),
  container('docker.mem.limit', 'gauge', 'bytes', 'Memory limit of the container; the host\'s memory when none is set (memory_stats.limit).'),
  container('docker.mem.cache', 'gauge', 'bytes', 'Page cache charged to the container: `cache` under cgroup v1, `file` under v2. '
    + 'Not sent when the engine gives no breakdown.'),
  container('docker.mem.rss', 'gauge', 'bytes', 'Anonymous memory (heap, stacks) of the container: `rss` under cgroup v1, `anon` under v2. '
    + 'Not sent when the engine gives no breakdown.'),
  ...NETWORK_FIELDS.map(([field, unit, what]) => network(field, unit, what)),
  container('docker.blkio.read_bytes', 'counter', 'bytes', 'Bytes read from block devices, all devices summed (io_service_bytes_recursive).'),
  container('docker.blkio.write_bytes', 'counter', 'bytes', 'Bytes written to block devices, all devices summed.'),
  container('docker.blkio.read_ops', 'counter', 'operations', 'Read operations on block devices, all devices summed (io_serviced_recursive).'),
  container('docker.blkio.write_ops', 'counter', 'operations', 'Write operations on block devices, all devices summed.'),
  container('docker.pids', 'gauge', 'processes', 'Processes and threads in the container (pids_stats.current).'),
  container('docker.restarts', 'counter', 'restarts', 'Times the engine restarted the container under its restart policy (RestartCount).'),
  container('docker.health', 'gauge', 'state', 'Result of the container\'s health check: 0 healthy, 1 starting (no result yet), '
    + '2 unhealthy. Not sent for a container without a health check.'),
  container('docker.uptime', 'gauge', 'seconds', 'Seconds since the container was last started (State.StartedAt).'),
];
