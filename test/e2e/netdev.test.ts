import { deepStrictEqual, ok, strictEqual } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
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

function positiveSpeeds(): Record<string, number> {
  const speeds: Record<string, number> = {};
  for (const iface of readdirSync('/sys/class/net')) {
    try {
      const value = Number(readFileSync(`/sys/class/net/${iface}/speed`, 'utf8').trim());
      if (value > 0) speeds[iface] = value;
    } catch {
      // virtual interfaces have no speed to tell
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
      config: [...toVictoriaMetrics(vm), '', '[NetDev]', 'Exclude = ""'].join('\n'),
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

    const speeds = Object.fromEntries((await vm.series('linux.net.ifspeed')).map((series) => [series.metric.iface, series.values.at(-1)]));
    deepStrictEqual(speeds, positiveSpeeds());
  });
});
