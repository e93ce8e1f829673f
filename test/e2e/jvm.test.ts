import assert from 'node:assert/strict';
import { unavailable } from '../servers/harness.js';
import { jstatGc, jvmToolsAvailable, testJvms, type TestJvms } from '../servers/jvm.js';
import { freshVictoriaMetrics, type VictoriaMetrics } from '../servers/victoriametrics.js';
import { runAgent, toVictoriaMetrics } from './agent.js';

describe('e2e: [[Jvm]] through the agent into VictoriaMetrics', function () {
  this.timeout(90_000);
  let vm: VictoriaMetrics;
  let jvms: TestJvms;

  before(async function () {
    if (!jvmToolsAvailable()) unavailable(this, 'java, javac, jps or jstat not installed (openjdk-17-jdk-headless)');
    [vm, jvms] = await Promise.all([freshVictoriaMetrics(this), testJvms()]);
  });

  it('stores what jstat reports, each JVM once, under the first table that matches it, with rs-collector\'s names and tags', async () => {
    const run = await runAgent({
      config: [
        ...toVictoriaMetrics(vm),
        '',
        '[[Jvm]]',
        `Command = 'rxtest\\.run=${jvms.token} -Drxtest\\.app=alpha'`,
        'Name = "e2e-alpha"',
        '# jps and jstat are JVMs themselves: on a busy test machine one reading can take longer than Freq.',
        'Timeout = 10',
        '',
        '[[Jvm]]',
        `Command = 'rxtest\\.run=${jvms.token}'`,
        'Name = "e2e-both"',
        'Timeout = 10',
      ].join('\n'),
      runMs: 6_000,
    });
    assert.equal(run.exitCode, 0, run.stderr);
    const [alpha, beta] = await Promise.all([jstatGc(jvms.alpha.pid), jstatGc(jvms.beta.pid)]);

    const oldCapacity = await vm.series('jvm.gc.stats.current_old_space_capacity');
    const stored = Object.fromEntries(oldCapacity.map((series) =>
      [`${series.metric.jvm_name}/${series.metric.pid ?? '-'}`, series.values.at(-1)]));
    // alpha is the first table's; the second matches both but is left only beta, one JVM: no pid tag.
    assert.deepEqual(stored, {
      'e2e-alpha/-': Number(alpha.get('OC')),
      'e2e-both/-': Number(beta.get('OC')),
    });
    for (const series of oldCapacity) assert.ok(typeof series.metric.host === 'string' && series.metric.host !== '');

    const fullGcs = await vm.series('jvm.gc.stats.full_gc_events');
    const alone = fullGcs.find((series) => series.metric.jvm_name === 'e2e-alpha');
    assert.equal(alone?.values.at(-1), Number(alpha.get('FGC')));
    assert.ok((alone?.values.length ?? 0) >= 2, `Freq = 1 for 6 s gives several readings: ${JSON.stringify(alone)}\n${run.stderr}`);
  });
});
