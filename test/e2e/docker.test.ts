import { deepStrictEqual, ok, strictEqual } from 'node:assert';
import { unavailable } from '../servers/harness.js';
import { podman, podmanAvailable, type PodmanEngine } from '../servers/podman.js';
import { freshVictoriaMetrics, type VictoriaMetrics } from '../servers/victoriametrics.js';
import { runAgent, toVictoriaMetrics } from './agent.js';

const P = 'rx-e2e-';
const MIB = 1024 * 1024;

describe('e2e: [Docker] through the agent into VictoriaMetrics', function () {
  this.timeout(120_000);
  let vm: VictoriaMetrics;
  let engine: PodmanEngine;

  before(async function () {
    if (!podmanAvailable()) unavailable(this, 'podman, runc or busybox-static is not installed (test/servers/install.sh)');
    [vm, engine] = await Promise.all([freshVictoriaMetrics(this), podman()]);
    await engine.run(`${P}web`, { labels: { team: 'shop' }, memoryBytes: 32 * MIB });
    await engine.run(`${P}sick`, { healthcheck: ['false'] });
    strictEqual(await engine.healthcheck(`${P}sick`), 'unhealthy');
    await engine.run(`${P}nap`);
    await engine.action(`${P}nap`, 'pause');
  });

  after(async () => {
    if (engine === undefined) return;
    for (const name of ['web', 'sick', 'nap']) await engine.remove(`${P}${name}`);
  });

  it('stores the engine\'s container counts and each container\'s series, as the engine reports them', async () => {
    const config = [
      ...toVictoriaMetrics(vm),
      '',
      '[Docker]',
      `Endpoint = "${engine.endpoint}"`,
      `Include = ["^${P}"]`,
      'Labels = ["team"]',
    ].join('\n');
    const run = await runAgent({ config, runMs: 30_000, until: async () => (await vm.series('docker.health')).length > 0 });
    strictEqual(run.exitCode, 0, run.stderr);

    const last = async (metric: string, tags: Record<string, string>) => {
      const series = (await vm.series(metric)).filter((one) => Object.entries(tags).every(([key, value]) => one.metric[key] === value));
      strictEqual(series.length, 1, `${metric} ${JSON.stringify(tags)}: one series expected, got ${series.length}`);
      return series[0];
    };

    const listed = (await engine.api('GET', '/containers/json?all=1')).body as { State: string }[];
    for (const state of ['running', 'paused', 'exited', 'created']) {
      strictEqual((await last('docker.containers', { state }))?.values.at(-1), listed.filter((entry) => entry.State === state).length, state);
    }
    const web = await last('docker.mem.limit', { container: `${P}web` });
    strictEqual(web?.values.at(-1), 32 * MIB);
    deepStrictEqual(Object.keys(web?.metric ?? {}).sort(), ['__name__', 'container', 'host', 'image', 'team']);
    strictEqual(web?.metric.team, 'shop');
    strictEqual(web?.metric.image, 'localhost/rx-busybox_test');
    strictEqual((await last('docker.health', { container: `${P}sick` }))?.values.at(-1), 2);
    ok(((await last('docker.mem.usage', { container: `${P}nap` }))?.values.at(-1) ?? 0) > 0, 'the paused container is read');
    ok(((await last('docker.cpu.usage', { container: `${P}web` }))?.values.at(-1) ?? 0) > 0);
    const names = new Set((await vm.seriesMatching('docker\\..*')).map((series) => series.metric.container).filter((name) => name !== undefined));
    deepStrictEqual([...names].sort(), [`${P}nap`, `${P}sick`, `${P}web`]);
  });
});
