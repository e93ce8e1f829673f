import { deepStrictEqual, strictEqual } from 'node:assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { freshVictoriaMetrics, type VictoriaMetrics } from '../servers/victoriametrics.js';
import { runAgent, toVictoriaMetrics } from './agent.js';

// This kernel has no bonding driver, so the agent reads a proc tree from the fixtures: the e2e proves the path from
// the file through config, pipeline and sink into a real store; parsing itself is proven in test/sources.
const PROC = fileURLToPath(new URL('../fixtures/netdev/server/proc/', import.meta.url));
const BOND0 = readFileSync(`${PROC}net/bonding/bond0`, 'utf8');

/** What the file says, read with plain regexes rather than the parser under test. */
function expectedFromFile(): { active: string; slaves: Record<string, { up: number; failures: number }> } {
  const active = /^Currently Active Slave: (\S+)$/m.exec(BOND0)?.[1] ?? '';
  const slaves: Record<string, { up: number; failures: number }> = {};
  for (const block of BOND0.split(/^Slave Interface: /m).slice(1)) {
    const name = block.split('\n')[0]?.trim() ?? '';
    slaves[name] = {
      up: /^MII Status: up$/m.test(block) ? 1 : 0,
      failures: Number(/^Link Failure Count: (\d+)$/m.exec(block)?.[1]),
    };
  }
  return { active, slaves };
}

describe('e2e: [Bonding] through the agent into VictoriaMetrics', function () {
  let vm: VictoriaMetrics;

  before(async function () {
    vm = await freshVictoriaMetrics(this);
  });

  it('stores slave state, active slave and link failures as the bond file has them', async () => {
    const run = await runAgent({
      config: [...toVictoriaMetrics(vm), '', '[Bonding]', `ProcRoot = "${PROC}"`].join('\n'),
      runMs: 4000,
    });
    strictEqual(run.exitCode, 0, run.stderr);
    const expected = expectedFromFile();
    const last = async (metric: string): Promise<Record<string, number | undefined>> =>
      Object.fromEntries((await vm.series(metric)).map((series) => [`${series.metric.bond}/${series.metric.slave}`, series.values.at(-1)]));

    const names = Object.keys(expected.slaves);
    deepStrictEqual(await last('linux.net.bond.slave.is_up'), Object.fromEntries(names.map((name) => [`bond0/${name}`, expected.slaves[name]?.up])));
    deepStrictEqual(await last('linux.net.bond.slave.is_active'), Object.fromEntries(names.map((name) => [`bond0/${name}`, name === expected.active ? 1 : 0])));
    deepStrictEqual(await last('linux.net.bond.slave.link_failures'), Object.fromEntries(names.map((name) => [`bond0/${name}`, expected.slaves[name]?.failures])));
    deepStrictEqual(await last('linux.net.bond.slave.count'), { 'bond0/undefined': names.length });
  });
});
