/**
 * The Docker source against a real Docker-compatible engine (podman's Docker API service, test/servers/podman.ts):
 * containers running, paused, stopped, created, restarted by their policy, healthy and unhealthy; every value compared
 * with what the engine's own API says about the same container.
 */
import { deepStrictEqual, ok, rejects, strictEqual } from 'node:assert/strict';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { Pool } from 'undici';
import { firstValueFrom } from 'rxjs';
import type { Datum } from '../../../src/datum.js';
import { createDockerSource, type DockerOptions } from '../../../src/sources/docker/index.js';
import { countingContext } from '../../helpers/skips.js';
import { freshDir, unavailable, waitFor } from '../../servers/harness.js';
import { podman, podmanAvailable, type PodmanEngine } from '../../servers/podman.js';

const P = 'rx-src-';
const MIB = 1024 * 1024;

/**
 * An HTTP front on its own unix socket that passes every request through to the engine, after `beforeForward`
 * (which may change the engine's state) has run.
 */
async function passThroughFront(engine: PodmanEngine, beforeForward: (path: string) => Promise<void>): Promise<{ endpoint: string; close(): Promise<void> }> {
  const socketPath = join(freshDir('docker-front'), 'front.sock');
  const upstream = new Pool('http://localhost', { socketPath: engine.socketPath });
  const server = createServer((request, response) => {
    const path = request.url ?? '/';
    beforeForward(path)
      .then(() => upstream.request({ method: 'GET', path }))
      .then(async (answer) => {
        response.writeHead(answer.statusCode, { 'content-type': 'application/json' });
        response.end(await answer.body.text());
      })
      .catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return {
    endpoint: `unix://${socketPath}`,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await upstream.destroy();
    },
  };
}

interface Inspected {
  Id: string;
  RestartCount: number;
  State: { Status: string; StartedAt: string; Health?: { Status: string } };
  HostConfig: { Memory: number };
}

describe('docker source against a real engine (podman)', function () {
  this.timeout(120_000);
  let engine: PodmanEngine;

  const read = async (options: Partial<DockerOptions> = {}): Promise<Datum[]> =>
    firstValueFrom(createDockerSource({ endpoint: engine.endpoint, ...options }).collect());
  const ofContainer = (points: readonly Datum[], name: string): Record<string, number> =>
    Object.fromEntries(points.filter((point) => point.tags.container === name && point.tags.interface === undefined)
      .map((point) => [point.metric, point.value]));
  const containerNames = (points: readonly Datum[]): string[] =>
    [...new Set(points.map((point) => point.tags.container).filter((name): name is string => name !== undefined))].sort();

  before(async function () {
    if (!podmanAvailable()) unavailable(this, 'podman, runc or busybox-static is not installed (test/servers/install.sh)');
    engine = await podman();
    await engine.run(`${P}web`, { labels: { team: 'shop', 'com.example.tier': 'front', 'bad label': 'x y' }, memoryBytes: 64 * MIB });
    await engine.run(`${P}sick`, { healthcheck: ['false'] });
    await engine.run(`${P}fine`, { healthcheck: ['true'] });
    await engine.run(`${P}nap`);
    await engine.action(`${P}nap`, 'pause');
    await engine.run(`${P}stopped`);
    await engine.action(`${P}stopped`, 'stop');
    await engine.create(`${P}created`);
    // fails once, is restarted by its policy, then runs on: a running container with RestartCount 1
    await engine.run(`${P}phoenix`, {
      cmd: ['sh', '-c', 'if [ -e /tmp/again ]; then exec sleep 3600; fi; touch /tmp/again; exit 1'],
      restart: { name: 'on-failure', maximumRetryCount: 3 },
    });
    strictEqual(await engine.healthcheck(`${P}sick`), 'unhealthy');
    strictEqual(await engine.healthcheck(`${P}fine`), 'healthy');
    await waitFor('phoenix restarted and running', async () => {
      const state = await engine.inspect(`${P}phoenix`) as unknown as Inspected;
      return state.RestartCount === 1 && state.State.Status === 'running';
    }, 20_000);
  });

  after(async () => {
    if (engine === undefined) return;
    for (const name of ['web', 'sick', 'fine', 'nap', 'stopped', 'created', 'phoenix']) await engine.remove(`${P}${name}`);
  });

  it('counts containers by state as the engine lists them, and its images as /info says', async () => {
    const points = await read({ perContainer: false });
    const listed = (await engine.api('GET', '/containers/json?all=1')).body as { State: string }[];
    const expected: Record<string, number> = { created: 0, running: 0, paused: 0, restarting: 0, removing: 0, exited: 0, dead: 0 };
    for (const { State } of listed) expected[State] = (expected[State] ?? 0) + 1;
    const counts = Object.fromEntries(points.filter((point) => point.metric === 'docker.containers').map((point) => [point.tags.state, point.value]));
    deepStrictEqual(counts, expected);
    ok((counts.running ?? 0) >= 4 && (counts.paused ?? 0) >= 1 && (counts.exited ?? 0) >= 1 && (counts.created ?? 0) >= 1);
    const info = (await engine.api('GET', '/info')).body as { Images: number };
    deepStrictEqual(points.filter((point) => point.metric === 'docker.images').map((point) => point.value), [info.Images]);
    deepStrictEqual(containerNames(points), []);
  });

  it('reads every running and paused container, none stopped or never started, with the engine\'s own values', async () => {
    const context = countingContext();
    const before = Date.now();
    const points = await firstValueFrom(createDockerSource({ endpoint: engine.endpoint, include: [new RegExp(`^${P}`)] }, context).collect());
    strictEqual(context.skipped, 0);
    deepStrictEqual(containerNames(points), [`${P}fine`, `${P}nap`, `${P}phoenix`, `${P}sick`, `${P}web`]);

    const web = ofContainer(points, `${P}web`);
    const webInspect = await engine.inspect(`${P}web`) as unknown as Inspected;
    strictEqual(web['docker.mem.limit'], webInspect.HostConfig.Memory);
    strictEqual(web['docker.mem.limit'], 64 * MIB);
    strictEqual(web['docker.restarts'], 0);
    strictEqual(web['docker.pids'], 1);
    strictEqual(web['docker.health'], undefined);
    ok((web['docker.mem.usage'] ?? 0) > 0);
    const startedAt = Date.parse(webInspect.State.StartedAt);
    const uptime = web['docker.uptime'] ?? -1;
    ok(uptime >= Math.floor((before - startedAt) / 1000) - 1 && uptime <= (Date.now() - startedAt) / 1000, `uptime ${uptime}`);

    // a cumulative counter: between what the API says just before and just after... the API is read after, so at most that
    const webStats = (await engine.api('GET', `/containers/${webInspect.Id}/stats?stream=false`)).body as { cpu_stats: { cpu_usage: { total_usage: number } } };
    const cpu = web['docker.cpu.usage'] ?? 0;
    ok(cpu > 0 && cpu <= webStats.cpu_stats.cpu_usage.total_usage, `cpu ${cpu} vs ${webStats.cpu_stats.cpu_usage.total_usage}`);

    const phoenix = await engine.inspect(`${P}phoenix`) as unknown as Inspected;
    strictEqual(ofContainer(points, `${P}phoenix`)['docker.restarts'], phoenix.RestartCount);
    strictEqual(phoenix.RestartCount, 1);
    strictEqual(ofContainer(points, `${P}sick`)['docker.health'], 2);
    strictEqual(ofContainer(points, `${P}fine`)['docker.health'], 0);
    ok((ofContainer(points, `${P}nap`)['docker.mem.usage'] ?? 0) > 0, 'a paused container still has its memory');

    const net = points.filter((point) => point.tags.container === `${P}web` && point.metric === 'docker.net.rx_bytes');
    ok(net.length >= 1 && net.every((point) => typeof point.tags.interface === 'string'));
    ok(points.every((point) => point.tags.image === undefined || point.tags.image === 'localhost/rx-busybox_test'));
    ok(points.filter((point) => point.tags.container !== undefined).every((point) => point.tags.image === 'localhost/rx-busybox_test'));
  });

  it('copies the configured labels into tags, within the tag budget, and only those', async () => {
    const points = await read({ include: [new RegExp(`^${P}web$`)], labels: ['team', 'com.example.tier', 'bad label'] });
    const tags = points.find((point) => point.metric === 'docker.net.rx_bytes')?.tags;
    deepStrictEqual(tags, { container: `${P}web`, image: 'localhost/rx-busybox_test', interface: 'network', team: 'shop', 'com.example.tier': 'front', bad_label: 'x_y' });
    ok(points.every((point) => Object.keys(point.tags).length <= 7), 'host makes 8 at most');
    const unlabelled = await read({ include: [new RegExp(`^${P}web$`)] });
    ok(unlabelled.every((point) => point.tags.team === undefined));
  });

  it('reads only the included containers, minus the excluded ones', async () => {
    const points = await read({ include: [/^rx-src-(web|sick|nap)$/], exclude: [/sick/] });
    deepStrictEqual(containerNames(points), [`${P}nap`, `${P}web`]);
  });

  it('skips and counts a container removed between the list and its own requests, and reads the others', async () => {
    const doomedId = await engine.run(`${P}doomed`);
    let doomed: Promise<void> | undefined;
    // a front on its own socket that removes the doomed container the moment the source asks about it
    const front = await passThroughFront(engine, async (path) => {
      if (path.includes(doomedId)) doomed ??= engine.remove(`${P}doomed`);
      await doomed;
    });
    try {
      const context = countingContext();
      const points = await firstValueFrom(createDockerSource({ endpoint: front.endpoint, include: [/^rx-src-(web|doomed)$/] }, context).collect());
      deepStrictEqual(containerNames(points), [`${P}web`]);
      strictEqual(context.skipped, 2, 'its inspect and its stats');
      ok(doomed !== undefined, 'the front removed it');
    } finally {
      await front.close();
      await engine.remove(`${P}doomed`);
    }
  });

  it('fails the reading while the engine is down, and reads again once it is back', async () => {
    const source = createDockerSource({ endpoint: engine.endpoint, include: [new RegExp(`^${P}web$`)] });
    ok((await firstValueFrom(source.collect())).length > 0);
    await engine.stopService();
    try {
      await rejects(firstValueFrom(source.collect()), (error: Error) => {
        ok(error.message.startsWith(`docker: ${engine.endpoint}: `), error.message);
        ok(/ECONNREFUSED|ENOENT|ECONNRESET|closed/.test(error.message), error.message);
        return true;
      });
    } finally {
      await engine.startService();
    }
    const again = await firstValueFrom(source.collect());
    deepStrictEqual(containerNames(again), [`${P}web`]);
    await source.close?.();
  });
});
