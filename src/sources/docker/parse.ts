/**
 * Pure parsing of the Engine API's JSON answers (`/info`, `/containers/json`, `/containers/<id>/json`,
 * `/containers/<id>/stats`) into datapoints. Docker and podman give the same shapes; cgroup v1 and v2 differ only in
 * the memory breakdown's field names. A field that is missing or not a number is skipped and named in `skipped`; a
 * block the engine does not report at all (no breakdown, `null` I/O lists, no networks) is simply not sent.
 */
import { cleanName, datum, type Datum } from '../../datum.js';
import { CONTAINER_STATES, HEALTH_VALUES, NETWORK_FIELDS } from './metrics.js';

export interface Parsed {
  points: Datum[];
  /** Where each skipped value was, e.g. `memory_stats.usage`. */
  skipped: string[];
}

/** One entry of `/containers/json?all=1`, as much of it as the source needs. */
export interface ContainerSummary {
  id: string;
  /** The container's name without Docker's leading slash. */
  name: string;
  image: string;
  state: string;
  labels: Readonly<Record<string, string>>;
}

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function at(value: unknown, path: readonly string[]): unknown {
  let here = value;
  for (const key of path) {
    if (!isObject(here)) return undefined;
    here = here[key];
  }
  return here;
}

/** Collects points with one tag set and timestamp, and the place of every value that was not a number. */
class Collector {
  readonly points: Datum[] = [];
  readonly skipped: string[] = [];

  constructor(private readonly tags: Readonly<Record<string, string>>, private readonly timestamp: number) {}

  add(metric: string, value: unknown, field: string, extraTags?: Readonly<Record<string, string>>): void {
    if (typeof value === 'number' && Number.isFinite(value)) {
      this.points.push(datum(metric, value, extraTags === undefined ? { ...this.tags } : { ...this.tags, ...extraTags }, this.timestamp));
    } else {
      this.skipped.push(field);
    }
  }

  /** Adds the value at `path` of `body`; the field is named by its path. */
  field(metric: string, body: unknown, path: readonly string[]): void {
    this.add(metric, at(body, path), path.join('.'));
  }

  result(): Parsed {
    return { points: this.points, skipped: this.skipped };
  }
}

/**
 * `/containers/json?all=1`. An answer that is not a list fails the reading (it is not an engine answering); an entry
 * without an id or a name is skipped.
 */
export function parseContainerList(body: unknown): { containers: ContainerSummary[]; skipped: string[] } {
  if (!Array.isArray(body)) throw new Error('/containers/json did not answer with a list');
  const containers: ContainerSummary[] = [];
  const skipped: string[] = [];
  body.forEach((entry: unknown, index) => {
    const id = at(entry, ['Id']);
    const names = at(entry, ['Names']);
    const first: unknown = Array.isArray(names) ? names[0] : undefined;
    const state = at(entry, ['State']);
    if (typeof id !== 'string' || id === '' || typeof first !== 'string' || typeof state !== 'string') {
      skipped.push(`containers[${index}]`);
      return;
    }
    const image = at(entry, ['Image']);
    const labels: Record<string, string> = {};
    const rawLabels = at(entry, ['Labels']);
    if (isObject(rawLabels)) {
      for (const [key, value] of Object.entries(rawLabels)) if (typeof value === 'string') labels[key] = value;
    }
    containers.push({ id, name: first.replace(/^\//, ''), image: typeof image === 'string' ? image : '', state: state.toLowerCase(), labels });
  });
  return { containers, skipped };
}

/** `docker.containers` per state: every documented state (0 when empty) and any other state the engine reports. */
export function stateCounts(containers: readonly ContainerSummary[], timestamp: number): Datum[] {
  const counts = new Map<string, number>(CONTAINER_STATES.map((state) => [state, 0]));
  for (const { state } of containers) {
    const name = cleanName(state);
    if (name !== '') counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  return [...counts].map(([state, count]) => datum('docker.containers', count, { state }, timestamp));
}

/** `/info`: the number of images. */
export function parseInfo(body: unknown, timestamp: number): Parsed {
  const out = new Collector({}, timestamp);
  out.field('docker.images', body, ['Images']);
  return out.result();
}

/**
 * The `image` tag: the image reference without its digest, `:` (tag and registry port separators, not allowed in
 * OpenTSDB) as `_`, so `registry:5000/app:1.2` is `registry_5000/app_1.2`; an image known only by its ID
 * (`sha256:…`) is its 12-character short ID, as `docker ps` shows it.
 */
export function imageTag(image: string): string {
  const id = /^sha256:([0-9a-f]{12})/.exec(image);
  if (id !== null) return id[1] ?? '';
  return cleanName(image.replace(/@.*$/, '').replace(/:/g, '_'));
}

/**
 * Tags of a container's points: `container`, `image`, and each label in `labels` the container has (the label's name,
 * cleaned, is the tag key). Values with nothing valid left after cleaning are left out.
 */
export function containerTags(container: ContainerSummary, labels: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  const name = cleanName(container.name);
  if (name !== '') tags.container = name;
  const image = imageTag(container.image);
  if (image !== '') tags.image = image;
  for (const label of labels) {
    const value = container.labels[label];
    if (value === undefined) continue;
    const key = cleanName(label);
    const cleaned = cleanName(value);
    if (key !== '' && cleaned !== '') tags[key] = cleaned;
  }
  return tags;
}

const MEMORY_BREAKDOWN = {
  v1: { cache: 'cache', rss: 'rss' },
  v2: { cache: 'file', rss: 'anon' },
} as const;

/** Sums an I/O list (`io_service_bytes_recursive`, `io_serviced_recursive`) by operation, over all devices. */
function blockIo(out: Collector, list: unknown, field: string, read: string, write: string): void {
  if (list === undefined || list === null) return; // the engine does not report it (podman on cgroup v1, say)
  if (!Array.isArray(list)) {
    out.skipped.push(`blkio_stats.${field}`);
    return;
  }
  const sums = { read: 0, write: 0 };
  let valid = true;
  list.forEach((entry: unknown, index) => {
    const op = at(entry, ['op']);
    const value = at(entry, ['value']);
    if (typeof op !== 'string' || typeof value !== 'number' || !Number.isFinite(value)) {
      out.skipped.push(`blkio_stats.${field}[${index}]`);
      valid = false;
      return;
    }
    const kind = op.toLowerCase();
    if (kind === 'read' || kind === 'write') sums[kind] += value;
  });
  // a partial sum would look like a counter going backwards: send nothing rather than a wrong total
  if (!valid) return;
  out.add(read, sums.read, `blkio_stats.${field}`);
  out.add(write, sums.write, `blkio_stats.${field}`);
}

/** `/containers/<id>/stats?stream=false`: CPU, memory, network, block I/O and PIDs of one container. */
export function parseStats(body: unknown, tags: Readonly<Record<string, string>>, timestamp: number): Parsed {
  if (!isObject(body)) return { points: [], skipped: ['stats'] };
  const out = new Collector(tags, timestamp);
  out.field('docker.cpu.usage', body, ['cpu_stats', 'cpu_usage', 'total_usage']);
  out.field('docker.cpu.user', body, ['cpu_stats', 'cpu_usage', 'usage_in_usermode']);
  out.field('docker.cpu.system', body, ['cpu_stats', 'cpu_usage', 'usage_in_kernelmode']);
  out.field('docker.cpu.throttling.periods', body, ['cpu_stats', 'throttling_data', 'periods']);
  out.field('docker.cpu.throttling.throttled_periods', body, ['cpu_stats', 'throttling_data', 'throttled_periods']);
  out.field('docker.cpu.throttling.throttled_time', body, ['cpu_stats', 'throttling_data', 'throttled_time']);

  out.field('docker.mem.usage', body, ['memory_stats', 'usage']);
  out.field('docker.mem.limit', body, ['memory_stats', 'limit']);
  const breakdown = at(body, ['memory_stats', 'stats']);
  if (isObject(breakdown)) {
    const names = 'anon' in breakdown || 'file' in breakdown ? MEMORY_BREAKDOWN.v2 : MEMORY_BREAKDOWN.v1;
    out.add('docker.mem.cache', breakdown[names.cache], `memory_stats.stats.${names.cache}`);
    out.add('docker.mem.rss', breakdown[names.rss], `memory_stats.stats.${names.rss}`);
  } else if (breakdown !== undefined && breakdown !== null) {
    out.skipped.push('memory_stats.stats');
  }

  const networks = at(body, ['networks']);
  if (isObject(networks)) {
    for (const [name, counters] of Object.entries(networks)) {
      const iface = cleanName(name);
      if (iface === '' || !isObject(counters)) {
        out.skipped.push(`networks.${name}`);
        continue;
      }
      for (const [field] of NETWORK_FIELDS) out.add(`docker.net.${field}`, counters[field], `networks.${name}.${field}`, { interface: iface });
    }
  } else if (networks !== undefined && networks !== null) {
    out.skipped.push('networks');
  }

  const blkio = at(body, ['blkio_stats']);
  blockIo(out, at(blkio, ['io_service_bytes_recursive']), 'io_service_bytes_recursive', 'docker.blkio.read_bytes', 'docker.blkio.write_bytes');
  blockIo(out, at(blkio, ['io_serviced_recursive']), 'io_serviced_recursive', 'docker.blkio.read_ops', 'docker.blkio.write_ops');

  out.field('docker.pids', body, ['pids_stats', 'current']);
  return out.result();
}

/** `/containers/<id>/json`: restart count, health status (see HEALTH_VALUES) and uptime of one container. */
export function parseInspect(body: unknown, tags: Readonly<Record<string, string>>, timestamp: number, nowMs: number): Parsed {
  if (!isObject(body)) return { points: [], skipped: ['inspect'] };
  const out = new Collector(tags, timestamp);
  out.field('docker.restarts', body, ['RestartCount']);

  const health = at(body, ['State', 'Health', 'Status']);
  // Docker leaves Health out, podman gives an empty status, when the container has no health check
  if (health !== undefined && health !== null && health !== '') {
    out.add('docker.health', typeof health === 'string' ? HEALTH_VALUES[health.toLowerCase()] : undefined, 'State.Health.Status');
  }

  if (at(body, ['State', 'Running']) === true) {
    const started = at(body, ['State', 'StartedAt']);
    const startedMs = typeof started === 'string' ? Date.parse(started) : Number.NaN;
    // a running container started before 1970 is the zero time: the engine does not know
    out.add('docker.uptime', startedMs > 0 ? Math.max(0, Math.floor((nowMs - startedMs) / 1000)) : undefined, 'State.StartedAt');
  }
  return out.result();
}
