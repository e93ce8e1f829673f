import { deepStrictEqual, strictEqual } from 'node:assert';
import { networkInterfaces } from 'node:os';
import { freshVictoriaMetrics, type VictoriaMetrics } from '../servers/victoriametrics.js';
import { runAgent, toVictoriaMetrics } from './agent.js';

describe('e2e: [HasIpAddr] through the agent into VictoriaMetrics', function () {
  let vm: VictoriaMetrics;

  before(async function () {
    vm = await freshVictoriaMetrics(this);
  });

  it('stores 1 for the bound addresses and 0 for an unbound one, as the host\'s interfaces say', async () => {
    const bound = new Set(Object.values(networkInterfaces()).flatMap((entries) => entries ?? []).map((entry) => entry.address));
    const run = await runAgent({
      config: [
        ...toVictoriaMetrics(vm),
        '',
        '[HasIpAddr]',
        'Ipv4 = ["127.0.0.1", "10.255.255.254"]',
        'Ipv6 = ["::1"]',
      ].join('\n'),
      runMs: 4000,
    });
    strictEqual(run.exitCode, 0, run.stderr);

    const ipv4 = await vm.series('os.net.has_ipv4s');
    const stored = Object.fromEntries(ipv4.map((series) => [series.metric.ipv4, series.values.at(-1)]));
    deepStrictEqual(stored, {
      '127.0.0.1': bound.has('127.0.0.1') ? 1 : 0,
      '10.255.255.254': bound.has('10.255.255.254') ? 1 : 0,
    });
    const ipv6 = await vm.series('os.net.has_ipv6s');
    deepStrictEqual(ipv6.map((series) => [series.metric.ipv6, series.values.at(-1)]), [['--1', bound.has('::1') ? 1 : 0]]);
    strictEqual(ipv4.every((series) => typeof series.metric.host === 'string' && series.metric.host !== ''), true);
  });
});
