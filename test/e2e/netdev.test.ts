import { deepStrictEqual, ok, strictEqual } from 'node:assert';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { freshVictoriaMetrics, type VictoriaMetrics } from '../servers/victoriametrics.js';
import { runAgent, toVictoriaMetrics } from './agent.js';

/** Received bytes per interface, straight from the kernel (not through the parser under test). */
function receivedBytes(): Map<string, number> {
  const lines = readFileSync('/proc/net/dev', 'utf8').split('\n').slice(2).filter((line) => line.includes(':'));
  return new Map(lines.map((line) => {
    const [name = '', counters = ''] = line.split(':');
    return [name.trim(), Number(counters.trim().split(/\s+/)[0])];
  }));
}

/** Every speed sysfs can tell, -1 (link down) included, as scollector sent them; bonds and teams apart. */
function kernelSpeeds(bond: boolean): Record<string, number> {
  const speeds: Record<string, number> = {};
  const bonds = new Set(existsSync('/proc/net/bonding') ? readdirSync('/proc/net/bonding') : []);
  for (const iface of readdirSync('/sys/class/net')) {
    if ((bonds.has(iface) || /^(bond|team)/.test(iface)) !== bond) continue;
    try {
      speeds[iface] = Number(readFileSync(`/sys/class/net/${iface}/speed`, 'utf8').trim());
    } catch {
      // an interface that is down, or a driver without link settings (lo, ifb): no speed to tell
    }
  }
  return speeds;
}

describe('e2e: [NetDev] through the agent into VictoriaMetrics', function () {
  let vm: VictoriaMetrics;

  before(async function () {
    vm = await freshVictoriaMetrics(this);
  });

  it('stores every interface\'s counters between what the kernel said before and after the run', async () => {
    const before = receivedBytes();
    const run = await runAgent({
      // Every interface, not only scollector's: Include empty.
      config: [...toVictoriaMetrics(vm), '', '[NetDev]', 'Include = ""'].join('\n'),
      runMs: 4000,
    });
    strictEqual(run.exitCode, 0, run.stderr);
    const after = receivedBytes();

    const stored = (await vm.series('linux.net.bytes')).filter((series) => series.metric.direction === 'in');
    deepStrictEqual(stored.map((series) => series.metric.iface).sort(), [...before.keys()].sort());
    for (const series of stored) {
      const iface = series.metric.iface ?? '';
      const last = series.values.at(-1) ?? -1;
      ok(last >= (before.get(iface) ?? Infinity) && last <= (after.get(iface) ?? -1), `${iface}: ${last} not within kernel's ${before.get(iface)}..${after.get(iface)}`);
      ok(series.values.every((value, index) => index === 0 || value >= (series.values[index - 1] ?? 0)), `${iface} went back`);
    }
    const osBytes = await vm.series('os.net.bytes');
    strictEqual(osBytes.length, 2 * before.size);

    const speeds = async (metric: string): Promise<Record<string, number | undefined>> =>
      Object.fromEntries((await vm.series(metric)).map((series) => [series.metric.iface, series.values.at(-1)]));
    deepStrictEqual(await speeds('linux.net.ifspeed'), kernelSpeeds(false));
    deepStrictEqual(await speeds('os.net.ifspeed'), kernelSpeeds(false));
    deepStrictEqual(await speeds('linux.net.bond.ifspeed'), kernelSpeeds(true));
  });
});
