import assert from 'node:assert/strict';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { firstValueFrom, lastValueFrom } from 'rxjs';
import type { Datum } from '../../../src/datum.js';
import { createJvmSource } from '../../../src/sources/jvm/index.js';
import { STATE_DIR, unavailable, waitFor, isAlive } from '../../servers/harness.js';
import { jstatGc, jvmToolsAvailable, testJvms, type TestJvms } from '../../servers/jvm.js';
import { countingContext } from '../../helpers/skips.js';

const SLOW_JPS = fileURLToPath(new URL('../../fixtures/jvm/slow-jps.sh', import.meta.url));

/** The source's value of one jstat column's metric for one pid (or the only JVM when untagged). */
function valueOf(data: readonly Datum[], metric: string, pid?: number): number | undefined {
  return data.find((point) => point.metric === `jvm.gc.stats.${metric}` && (pid === undefined || point.tags.pid === String(pid)))?.value;
}


describe('jvm source against real JVMs', function () {
  this.timeout(60_000);
  let jvms: TestJvms;

  before(async function () {
    if (!jvmToolsAvailable()) unavailable(this, 'java, javac, jps or jstat not installed (openjdk-17-jdk-headless)');
    jvms = await testJvms();
  });

  it('reads both JVMs a regex matches, tells them apart by pid, and agrees with jstat', async () => {
    const counted = countingContext();
    const source = createJvmSource({ name: 'rx test', command: `rxtest\\.run=${jvms.token}` }, counted);
    const [data, alphaJstat, betaJstat] = await Promise.all([
      lastValueFrom(source.collect()), jstatGc(jvms.alpha.pid), jstatGc(jvms.beta.pid),
    ]);
    for (const [jvm, jstat] of [[jvms.alpha, alphaJstat], [jvms.beta, betaJstat]] as const) {
      const points = data.filter((point) => point.tags.pid === String(jvm.pid));
      // SerialGC prints "-" for the concurrent columns: those are absent, every other column is sent.
      const printed = [...jstat.values()].filter((cell) => cell !== '-').length;
      assert.equal(points.length, printed, `pid ${jvm.pid}`);
      for (const point of points) assert.deepEqual(point.tags, { jvm_name: 'rx_test', pid: String(jvm.pid) });
      // Capacities and the full-GC count do not move in an idle JVM; eden use may grow a little between the two runs.
      for (const [column, metric] of [['EC', 'current_eden_space_capacity'], ['OC', 'current_old_space_capacity'],
        ['S0C', 'survivor_space_0_capacity'], ['FGC', 'full_gc_events'], ['YGC', 'young_generation_gc_events']] as const) {
        assert.equal(valueOf(points, metric), Number(jstat.get(column)), `${column} of pid ${jvm.pid}`);
      }
      assert.ok(Number(jstat.get('FGC')) >= 1, 'the test JVM ran System.gc()');
      const eden = valueOf(points, 'eden_space_utilization') ?? NaN;
      assert.ok(Math.abs(eden - Number(jstat.get('EU'))) <= 1024, `EU ${eden} vs ${jstat.get('EU')}`);
      assert.equal(valueOf(points, 'concurrent_gc_events'), undefined);
    }
    assert.equal(data.length, data.filter((point) => [jvms.alpha.pid, jvms.beta.pid].map(String).includes(point.tags.pid ?? '')).length);
    assert.equal(counted.skipped, 0);
  });

  it('sends only jvm_name, as rs-collector did, when one JVM matches', async () => {
    const source = createJvmSource({ name: 'alpha', command: `rxtest\\.run=${jvms.token} -Drxtest\\.app=alpha` });
    const data = await lastValueFrom(source.collect());
    const jstat = await jstatGc(jvms.alpha.pid);
    assert.ok(data.length > 0);
    for (const point of data) assert.deepEqual(point.tags, { jvm_name: 'alpha' });
    assert.equal(valueOf(data, 'current_old_space_capacity'), Number(jstat.get('OC')));
    assert.equal(source.metadata.length, 21);
  });

  it('matches the main class too, and emits an empty reading when nothing matches', async () => {
    const byClass = await lastValueFrom(createJvmSource({ name: 'c', command: `^${jvms.mainClass}$` }).collect());
    const pids = new Set(byClass.map((point) => point.tags.pid));
    assert.ok(pids.has(String(jvms.alpha.pid)) && pids.has(String(jvms.beta.pid)));
    const none = await lastValueFrom(createJvmSource({ name: 'n', command: 'no-such-jvm-[0-9]{40}' }).collect());
    assert.deepEqual(none, []);
  });

  it('skips and counts a JVM whose jstat fails, without failing the reading', async () => {
    const counted = countingContext();
    const source = createJvmSource({ name: 'x', command: `rxtest\\.run=${jvms.token}`, jstatCommand: '/bin/false' }, counted);
    assert.deepEqual(await lastValueFrom(source.collect()), []);
    assert.equal(counted.skipped, 2);
  });

  it('rejects an invalid regex when the source is created', () => {
    assert.throws(() => createJvmSource({ name: 'bad', command: 'a(b' }), SyntaxError);
  });

  describe('child processes', () => {
    const pidFile = join(STATE_DIR, 'slow-jps.pid');
    beforeEach(() => {
      rmSync(pidFile, { force: true });
      process.env.RX_SLOW_JPS_PIDFILE = pidFile;
    });
    afterEach(() => {
      delete process.env.RX_SLOW_JPS_PIDFILE;
    });

    it('kills jps when the reading is unsubscribed', async () => {
      const source = createJvmSource({ name: 's', command: 'x', jpsCommand: SLOW_JPS });
      const subscription = source.collect().subscribe({ error: () => undefined });
      const pid = await waitFor('slow jps pid', () => {
        const written = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8')) : 0;
        return written > 0 && written;
      }, 5_000, 20);
      assert.ok(isAlive(pid));
      subscription.unsubscribe();
      await waitFor('slow jps killed', () => !isAlive(pid), 5_000, 20);
    });

    it('fails the reading and kills jps after the command timeout', async () => {
      const source = createJvmSource({ name: 's', command: 'x', jpsCommand: SLOW_JPS, commandTimeoutMs: 300 });
      const started = Date.now();
      await assert.rejects(firstValueFrom(source.collect()), /slow-jps\.sh -vl/);
      assert.ok(Date.now() - started < 5_000);
      const pid = Number(readFileSync(pidFile, 'utf8'));
      await sleep(50);
      await waitFor('timed-out jps killed', () => !isAlive(pid), 5_000, 20);
    });
  });
});
