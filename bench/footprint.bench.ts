/**
 * The agent's footprint over a run (RSS; soak.bench.ts is the leak slope under faults): NetDev + HasIpAddr + Bonding at Freq 1, sending to Bosun `Host` = a loopback receiver
 * in its own process. RSS from /proc every second: the peak (start included), the median of the last half (steady)
 * and the last sample, against a bare node process sampled alike. `FOOTPRINT_SECONDS` sets the length: 1800 for the real
 * figure, 60 by default so `npm run bench` stays short; `FOOTPRINT_RESULT` names the results file (default footprint). Goal:
 * ≤ bare node + 20 MiB, steady and at peak. For reference the anonymous part of both (RssAnon: what the process holds
 * itself, without the node binary's pages that every node process on the host shares).
 *
 * The agent runs with the environment of the package's unit (bench/agentProcess.ts: glibc's MALLOC_ARENA_MAX=2). For
 * reference, two more agents run the same config alongside: one without that environment (glibc's default arenas, as
 * `node dist/cli.js` started by hand), and one with `--max-semi-space-size=1` (V8's young generation capped at 1 MiB per
 * semi-space instead of growing to 16): not what ships, a measure of how much of the RSS is young generation, and what
 * it costs in CPU.
 */
import { spawn } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { startAgentProcess, UNIT_ENVIRONMENT } from './agentProcess.js';
import { startLoopbackReceiver } from './loopback.js';
import { load, median, processCpuMs, round, rssAnonMiB, rssMiB } from './measure.js';
import { report } from './results.js';

const SECONDS = Number(process.env.FOOTPRINT_SECONDS ?? 60);

const loadAtStart = load();
const receiver = await startLoopbackReceiver();
const bare = spawn(process.execPath, ['-e', 'setInterval(() => undefined, 1000)'], { stdio: 'ignore' });
const config = `Host = "${receiver.url}"\nFreq = 1\n[NetDev]\n[HasIpAddr]\nIpv4 = ["127.0.0.1"]\n[Bonding]\n`;
const agent = startAgentProcess(config);
const small = startAgentProcess(config, [], { NODE_OPTIONS: '--max-semi-space-size=1' });
/** The unit's variables unset: glibc's defaults. */
const plain = startAgentProcess(config, [], Object.fromEntries(Object.keys(UNIT_ENVIRONMENT).map((name) => [name, undefined])));
const ours: number[] = [];
const smalls: number[] = [];
const plains: number[] = [];
const theirs: number[] = [];
const oursAnon: number[] = [];
const theirsAnon: number[] = [];
try {
  for (let second = 0; second < SECONDS; second += 1) {
    await sleep(1000);
    ours.push(rssMiB(agent.pid));
    smalls.push(rssMiB(small.pid));
    plains.push(rssMiB(plain.pid));
    theirs.push(rssMiB(bare.pid ?? 0));
    oursAnon.push(rssAnonMiB(agent.pid));
    theirsAnon.push(rssAnonMiB(bare.pid ?? 0));
  }
  const steady = (samples: number[]): number => median(samples.slice(Math.floor(samples.length / 2)));
  const points = await receiver.received();
  report(process.env.FOOTPRINT_RESULT ?? 'footprint', {
    seconds: SECONDS,
    'datapoints received (all agents)': points,
    'ours: RSS MiB peak': round(Math.max(...ours), 1),
    'ours: RSS MiB steady (median of the last half)': round(steady(ours), 1),
    'ours: RSS MiB at the end': round(ours.at(-1) ?? 0, 1),
    'bare node: RSS MiB steady': round(steady(theirs), 1),
    'ours − bare node, MiB steady (goal ≤ 20)': round(steady(ours) - steady(theirs), 1),
    'ours − bare node, MiB peak (goal ≤ 20)': round(Math.max(...ours) - steady(theirs), 1),
    'ours: anonymous RSS (RssAnon) MiB steady': round(steady(oursAnon), 1),
    'bare node: anonymous RSS (RssAnon) MiB steady': round(steady(theirsAnon), 1),
    'ours: CPU % over the run': round((processCpuMs(agent.pid) / (SECONDS * 1000)) * 100, 2),
    'reference, without the unit\'s environment (glibc\'s default arenas): RSS MiB peak': round(Math.max(...plains), 1),
    'reference, without the unit\'s environment: RSS MiB steady': round(steady(plains), 1),
    'reference, without the unit\'s environment: CPU % over the run': round((processCpuMs(plain.pid) / (SECONDS * 1000)) * 100, 2),
    'reference, --max-semi-space-size=1: RSS MiB peak': round(Math.max(...smalls), 1),
    'reference, --max-semi-space-size=1: RSS MiB steady': round(steady(smalls), 1),
    'reference, --max-semi-space-size=1: CPU % over the run': round((processCpuMs(small.pid) / (SECONDS * 1000)) * 100, 2),
    load: `${loadAtStart} → ${load()}`,
  });
} finally {
  await agent.stop();
  await small.stop();
  await plain.stop();
  bare.kill();
  receiver.stop();
}
