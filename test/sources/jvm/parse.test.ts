import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { jstatToData, METRICS, parseJps, parseJstat } from '../../../src/sources/jvm/index.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/jvm/${name}`, import.meta.url), 'utf8');

describe('jvm parsing', () => {
  describe('parseJps', () => {
    it('lists JVMs with main class and command line, leaving out jps itself and unreadable JVMs', () => {
      const { value, skipped } = parseJps(fixture('jps-vl.txt'));
      assert.deepEqual(value.map((entry) => [entry.pid, entry.mainClass]), [
        [7496, 'RxSleeper'],
        [1813, 'org.apache.catalina.startup.Bootstrap'],
        [2290, '/opt/kafka/libs/kafka-tool.jar'],
      ]);
      assert.equal(value[0]?.commandLine, 'RxSleeper -Xmx32m -XX:+UseSerialGC -Dapp=one');
      assert.equal(skipped, 0);
    });

    it('skips and counts lines without a pid', () => {
      const { value, skipped } = parseJps('garbage line\n12 Main -Da=b\n-5 Other\n');
      assert.deepEqual(value.map((entry) => entry.pid), [12]);
      assert.equal(skipped, 2);
    });
  });

  describe('parseJstat', () => {
    it('reads every column of JDK 17 and leaves out the ones printed as "-"', () => {
      const { value, skipped } = parseJstat(fixture('jstat-gc-jdk17-serial.txt'));
      assert.equal(skipped, 0);
      assert.equal(value.get('EC'), 8704);
      assert.equal(value.get('EU'), 1052.8);
      assert.equal(value.get('OC'), 21888);
      assert.equal(value.has('CGC'), false);
      assert.equal(value.has('CGCT'), false);
      assert.equal(value.size, 17);
    });

    it('reads concurrent GC columns where G1 fills them', () => {
      const { value } = parseJstat(fixture('jstat-gc-jdk17-g1.txt'));
      assert.equal(value.get('CGC'), 12);
      assert.equal(value.get('CGCT'), 0.031);
      assert.equal(value.get('YGC'), 41);
    });

    it('reads the JDK 8 and JDK 7 layouts (metaspace versus permanent generation)', () => {
      const jdk8 = parseJstat(fixture('jstat-gc-jdk8.txt')).value;
      assert.equal(jdk8.get('MU'), 29515.1);
      assert.equal(jdk8.has('PC'), false);
      const jdk7 = parseJstat(fixture('jstat-gc-jdk7.txt')).value;
      assert.equal(jdk7.get('PC'), 21248);
      assert.equal(jdk7.get('PU'), 20891.4);
      assert.equal(jdk7.has('MC'), false);
    });

    it('skips and counts a value that is not a number, keeping the others', () => {
      const { value, skipped } = parseJstat(' S0C  YGC  GCT\n 1.0  abc  0.5\n');
      assert.deepEqual([...value], [['S0C', 1], ['GCT', 0.5]]);
      assert.equal(skipped, 1);
    });

    it('counts output without a value line as skipped', () => {
      assert.deepEqual(parseJstat('S0C S1C\n'), { value: new Map(), skipped: 1 });
      assert.deepEqual(parseJstat(''), { value: new Map(), skipped: 1 });
    });
  });

  describe('jstatToData', () => {
    it('names each column as rs-collector did and drops columns it has no name for', () => {
      const data = jstatToData(new Map([['YGC', 41], ['FGCT', 0.25], ['XYZ', 3]]), { jvm_name: 'app' }, 1_700_000_000);
      assert.deepEqual(data, [
        { metric: 'jvm.gc.stats.young_generation_gc_events', value: 41, timestamp: 1_700_000_000, tags: { jvm_name: 'app' } },
        { metric: 'jvm.gc.stats.full_gc_time', value: 0.25, timestamp: 1_700_000_000, tags: { jvm_name: 'app' } },
      ]);
    });

    it('has a metric table entry for every datapoint it can produce, with rs-collector units', () => {
      const data = jstatToData(parseJstat(fixture('jstat-gc-jdk17-g1.txt')).value, { jvm_name: 'a' });
      const byName = new Map(METRICS.map((meta) => [meta.metric, meta]));
      for (const point of data) assert.ok(byName.has(point.metric), point.metric);
      assert.equal(byName.get('jvm.gc.stats.old_space_utilization')?.unit, 'kB');
      assert.equal(byName.get('jvm.gc.stats.full_gc_events')?.rate, 'counter');
      assert.equal(byName.get('jvm.gc.stats.total_gc_time')?.unit, 's');
    });
  });

  describe('property: random and truncated input never throws', () => {
    const texts = [fixture('jps-vl.txt'), fixture('jstat-gc-jdk17-g1.txt'), fixture('jstat-gc-jdk7.txt')];

    it('parseJps and parseJstat accept any string', () => {
      fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (text) => {
        const jps = parseJps(text);
        const jstat = parseJstat(text);
        assert.ok(jps.skipped >= 0 && jstat.skipped >= 0);
        for (const entry of jps.value) assert.ok(Number.isSafeInteger(entry.pid) && entry.pid > 0);
        for (const value of jstat.value.values()) assert.ok(Number.isFinite(value));
      }));
    });

    it('a truncated real output yields a subset of the full reading', () => {
      fc.assert(fc.property(fc.constantFrom(...texts), fc.nat(), (text, cut) => {
        const truncated = text.slice(0, cut % (text.length + 1));
        const full = parseJstat(text).value;
        for (const [name, value] of parseJstat(truncated).value) {
          // A number cut short is still a number, just a smaller one; the column itself must exist in the full output.
          assert.ok(full.has(name), name);
          assert.ok(Number.isFinite(value));
        }
        // A line cut inside its main class no longer looks like jps itself, so compare with every pid in the text.
        const pids = text.split('\n').map((line) => line.split(' ')[0] ?? '');
        for (const entry of parseJps(truncated).value) {
          assert.ok(pids.some((pid) => pid.startsWith(String(entry.pid))), String(entry.pid));
        }
      }));
    });
  });
});
