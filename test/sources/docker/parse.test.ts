import { deepStrictEqual, ok, strictEqual, throws } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Datum } from '../../../src/datum.js';
import {
  containerTags, imageTag, METRICS, parseContainerList, parseInfo, parseInspect, parseStats, stateCounts,
  type ContainerSummary,
} from '../../../src/sources/docker/index.js';

const T = 1_796_000_000;
const TAGS = { container: 'web-1', image: 'nginx_1.25' };

const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(new URL(`../../fixtures/docker/${name}.json`, import.meta.url), 'utf8')) as unknown;

/** metric → value for points whose tags include `match`. */
function values(points: readonly Datum[], match: Record<string, string> = {}): Record<string, number> {
  const found: Record<string, number> = {};
  for (const point of points) {
    if (Object.entries(match).every(([key, value]) => point.tags[key] === value)) found[point.metric] = point.value;
  }
  return found;
}

describe('docker parse', () => {
  it('declares every metric it can send, with a description', () => {
    const declared = new Set(METRICS.map((meta) => meta.metric));
    const sent = [
      ...parseStats(fixture('docker-stats-cgroup-v1'), TAGS, T).points,
      ...parseInspect(fixture('podman-inspect-unhealthy'), TAGS, T, Date.now()).points,
      ...parseInfo(fixture('podman-info'), T).points,
      ...stateCounts([], T),
    ];
    for (const point of sent) ok(declared.has(point.metric), `${point.metric} is in METRICS`);
    strictEqual(declared.size, sent.map((point) => point.metric).filter((m, i, all) => all.indexOf(m) === i).length);
    ok(METRICS.every((meta) => meta.desc.length > 10 && meta.metric.startsWith('docker.')));
  });

  describe('parseStats', () => {
    it('reads a Docker cgroup v1 answer: CPU counters, throttling, cache and rss, per-interface network, summed block I/O', () => {
      const { points, skipped } = parseStats(fixture('docker-stats-cgroup-v1'), TAGS, T);
      deepStrictEqual(skipped, []);
      const all = values(points, { interface: 'eth0' });
      deepStrictEqual(values(points.filter((point) => point.tags.interface === undefined)), {
        'docker.cpu.usage': 100215355,
        'docker.cpu.user': 50000000,
        'docker.cpu.system': 30000000,
        'docker.cpu.throttling.periods': 120,
        'docker.cpu.throttling.throttled_periods': 7,
        'docker.cpu.throttling.throttled_time': 350000000,
        'docker.mem.usage': 9117696,
        'docker.mem.limit': 67108864,
        'docker.mem.cache': 2580480,
        'docker.mem.rss': 6537216,
        // Read/Write of both devices; Sync, Async and Total are other views of the same bytes
        'docker.blkio.read_bytes': 1048576 + 2048,
        'docker.blkio.write_bytes': 4096 + 8192,
        'docker.blkio.read_ops': 31,
        'docker.blkio.write_ops': 6,
        'docker.pids': 12,
      });
      deepStrictEqual(all, {
        'docker.net.rx_bytes': 5338, 'docker.net.tx_bytes': 648, 'docker.net.rx_packets': 36, 'docker.net.tx_packets': 8,
        'docker.net.rx_errors': 0, 'docker.net.tx_errors': 2, 'docker.net.rx_dropped': 1, 'docker.net.tx_dropped': 0,
      });
      strictEqual(values(points, { interface: 'eth5' })['docker.net.rx_bytes'], 4641);
      ok(points.every((point) => point.timestamp === T && point.tags.container === 'web-1' && point.tags.image === 'nginx_1.25'));
      ok(points.every((point) => Object.keys(point.tags).length <= 3));
    });

    it('reads a cgroup v2 answer: file and anon as cache and rss, lower-case ops, no ops list means no ops points', () => {
      const { points, skipped } = parseStats(fixture('docker-stats-cgroup-v2'), TAGS, T);
      deepStrictEqual(skipped, []);
      const got = values(points);
      strictEqual(got['docker.mem.cache'], 7524352);
      strictEqual(got['docker.mem.rss'], 765952);
      strictEqual(got['docker.mem.limit'], 8236453888);
      strictEqual(got['docker.blkio.read_bytes'], 7733248);
      strictEqual(got['docker.blkio.write_bytes'], 12288);
      strictEqual(got['docker.blkio.read_ops'], undefined);
      strictEqual(got['docker.cpu.usage'], 53167000);
      strictEqual(got['docker.pids'], 3);
    });

    it('reads podman\'s answer (no memory breakdown, empty I/O list): no cache or rss, I/O bytes 0, nothing skipped', () => {
      const { points, skipped } = parseStats(fixture('podman-stats-cgroup-v1'), TAGS, T);
      deepStrictEqual(skipped, []);
      const got = values(points);
      strictEqual(got['docker.mem.limit'], 64 * 1024 * 1024);
      strictEqual(got['docker.mem.cache'], undefined);
      strictEqual(got['docker.blkio.read_bytes'], 0);
      strictEqual(got['docker.blkio.write_bytes'], 0);
      strictEqual(got['docker.pids'], 1);
      ok((got['docker.cpu.usage'] ?? 0) > 0);
      strictEqual(values(points, { interface: 'network' })['docker.net.rx_bytes'], 0);
    });

    it('skips and names every malformed or missing value, and keeps the rest', () => {
      const { points, skipped } = parseStats(fixture('docker-stats-malformed'), TAGS, T);
      deepStrictEqual([...skipped].sort(), [
        'blkio_stats.io_service_bytes_recursive[1]',
        'blkio_stats.io_serviced_recursive',
        'cpu_stats.cpu_usage.total_usage',
        'cpu_stats.cpu_usage.usage_in_usermode',
        'cpu_stats.throttling_data.throttled_time',
        'memory_stats.limit',
        'memory_stats.stats.file',
        'networks.eth0.tx_dropped',
        'networks.eth1',
        'pids_stats.current',
      ]);
      deepStrictEqual(values(points.filter((point) => point.tags.interface === undefined)), {
        'docker.cpu.system': 10,
        'docker.cpu.throttling.periods': 4,
        'docker.cpu.throttling.throttled_periods': 1,
        'docker.mem.usage': 4096,
        'docker.mem.rss': 1024,
      });
      strictEqual(Object.keys(values(points, { interface: 'eth0' })).length, 7);
      ok(points.every((point) => Number.isFinite(point.value)));
    });

    it('counts an answer that is not an object (podman\'s empty stats of a container that just stopped) as one skip', () => {
      deepStrictEqual(parseStats('', TAGS, T), { points: [], skipped: ['stats'] });
      deepStrictEqual(parseStats(null, TAGS, T), { points: [], skipped: ['stats'] });
    });
  });

  describe('parseInspect', () => {
    const started = Date.parse('2026-12-01T19:18:43.09544368Z');

    it('reads restarts, health (unhealthy = 2) and uptime from podman\'s inspect answer', () => {
      const { points, skipped } = parseInspect(fixture('podman-inspect-unhealthy'), TAGS, T, started + 90_500);
      deepStrictEqual(skipped, []);
      deepStrictEqual(values(points), { 'docker.restarts': 0, 'docker.health': 2, 'docker.uptime': 90 });
    });

    it('maps each health status, sends none without a health check, and counts an unknown one', () => {
      const inspect = (health: unknown) => parseInspect({ RestartCount: 3, State: { Running: false, Health: health } }, TAGS, T, 0);
      strictEqual(values(inspect({ Status: 'healthy' }).points)['docker.health'], 0);
      strictEqual(values(inspect({ Status: 'starting' }).points)['docker.health'], 1);
      strictEqual(values(inspect({ Status: 'unhealthy' }).points)['docker.health'], 2);
      deepStrictEqual(inspect({ Status: '' }), { points: inspect(undefined).points, skipped: [] });
      strictEqual(values(inspect(undefined).points)['docker.health'], undefined);
      deepStrictEqual(inspect({ Status: 'sleepy' }).skipped, ['State.Health.Status']);
      deepStrictEqual(inspect({ Status: 7 }).skipped, ['State.Health.Status']);
    });

    it('sends no uptime for a stopped container and counts a running one without a start time', () => {
      strictEqual(values(parseInspect({ RestartCount: 0, State: { Running: false, StartedAt: '2026-12-01T00:00:00Z' } }, TAGS, T, 0).points)['docker.uptime'], undefined);
      deepStrictEqual(parseInspect({ RestartCount: 0, State: { Running: true, StartedAt: '0001-01-01T00:00:00Z' } }, TAGS, T, 0).skipped, ['State.StartedAt']);
      deepStrictEqual(parseInspect({ RestartCount: 'x', State: { Running: true, StartedAt: 'soon' } }, TAGS, T, 0).skipped,
        ['RestartCount', 'State.StartedAt']);
    });
  });

  describe('the container list', () => {
    it('reads podman\'s list: names without the slash, states, labels; counts by state with every documented state', () => {
      const { containers, skipped } = parseContainerList(fixture('podman-containers'));
      deepStrictEqual(skipped, []);
      deepStrictEqual(containers.map((container) => [container.name, container.state]).sort(), [
        ['created-1', 'created'], ['flaky', 'exited'], ['paused-1', 'paused'], ['sick', 'running'], ['web-1', 'running'],
      ]);
      deepStrictEqual(containers.find((container) => container.name === 'web-1')?.labels, { 'com.example.tier': 'front', team: 'shop' });
      const counts = Object.fromEntries(stateCounts(containers, T).map((point) => [point.tags.state, point.value]));
      deepStrictEqual(counts, { created: 1, running: 2, paused: 1, restarting: 0, removing: 0, exited: 1, dead: 0 });
    });

    it('skips entries without an id, a name or a state, and fails on an answer that is not a list', () => {
      const { containers, skipped } = parseContainerList([{ Id: 'a', Names: ['/ok'], State: 'running' }, { Names: ['/x'] }, 'junk', { Id: 'b', Names: [], State: 'exited' }]);
      deepStrictEqual(containers.map((container) => container.name), ['ok']);
      deepStrictEqual(skipped, ['containers[1]', 'containers[2]', 'containers[3]']);
      throws(() => parseContainerList({ message: 'page not found' }), /did not answer with a list/);
    });

    it('reads the image count from /info', () => {
      deepStrictEqual(parseInfo(fixture('podman-info'), T), { points: [{ metric: 'docker.images', value: 1, tags: {}, timestamp: T }], skipped: [] });
      deepStrictEqual(parseInfo({}, T).skipped, ['Images']);
    });
  });

  describe('tags', () => {
    it('makes image references valid tag values', () => {
      strictEqual(imageTag('localhost/rx-busybox:test'), 'localhost/rx-busybox_test');
      strictEqual(imageTag('registry:5000/team/app:1.2'), 'registry_5000/team/app_1.2');
      strictEqual(imageTag('nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'), 'nginx');
      strictEqual(imageTag('sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'), '0123456789ab');
    });

    it('copies only the configured labels, cleaned, and leaves out the ones a container lacks', () => {
      const container: ContainerSummary = { id: 'x', name: 'web-1', image: 'nginx:1.25', state: 'running', labels: { team: 'shop floor', 'com.example.tier': 'front', secret: 's' } };
      deepStrictEqual(containerTags(container, ['team', 'com.example.tier', 'missing']),
        { container: 'web-1', image: 'nginx_1.25', team: 'shop_floor', 'com.example.tier': 'front' });
      deepStrictEqual(containerTags(container, []), { container: 'web-1', image: 'nginx_1.25' });
    });
  });
});
