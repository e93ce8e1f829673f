import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { lastValueFrom } from 'rxjs';
import { isValidName } from '../../../src/datum.js';
import { createJvmSource } from '../../../src/sources/jvm/index.js';
import { freshDir } from '../../servers/harness.js';

const FAKE_TOOL = fileURLToPath(new URL('../../fixtures/jvm/fake-jdk-tool.sh', import.meta.url));
const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/jvm/${name}`, import.meta.url), 'utf8');

describe('jvm source fed any jps / jstat output (stand-in tools)', function () {
  this.timeout(60_000);
  let jpsFile: string;
  let jstatFile: string;

  before(() => {
    const dir = freshDir('jvm-standin');
    jpsFile = join(dir, 'jps.txt');
    jstatFile = join(dir, 'jstat.txt');
    process.env.RX_FAKE_JPS_OUTPUT = jpsFile;
    process.env.RX_FAKE_JSTAT_OUTPUT = jstatFile;
  });
  after(() => {
    delete process.env.RX_FAKE_JPS_OUTPUT;
    delete process.env.RX_FAKE_JSTAT_OUTPUT;
  });

  const source = () => createJvmSource({ name: 'fake', command: '.', jpsCommand: FAKE_TOOL, jstatCommand: FAKE_TOOL });

  it('reads recorded output of several JVMs into pid-tagged points', async () => {
    writeFileSync(jpsFile, fixture('jps-vl.txt'));
    writeFileSync(jstatFile, fixture('jstat-gc-jdk8.txt'));
    const data = await lastValueFrom(source().collect());
    // Three JVMs in the listing (jps itself and the unavailable ones left out), 17 columns each in the JDK 8 layout.
    assert.equal(data.length, 3 * 17);
    assert.deepEqual([...new Set(data.map((point) => point.tags.pid))].sort(), ['1813', '2290', '7496']);
  });

  it('property: garbage or truncated output completes the reading with only valid points', async () => {
    const real = [fixture('jps-vl.txt'), fixture('jstat-gc-jdk17-g1.txt')];
    const output = fc.oneof(
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.tuple(fc.constantFrom(...real), fc.nat()).map(([text, cut]) => text.slice(0, cut % (text.length + 1))),
    );
    await fc.assert(fc.asyncProperty(output, output, async (jps, jstat) => {
      writeFileSync(jpsFile, jps);
      writeFileSync(jstatFile, jstat);
      const data = await lastValueFrom(source().collect());
      for (const point of data) {
        assert.ok(Number.isFinite(point.value) && isValidName(point.metric));
        for (const value of Object.values(point.tags)) assert.ok(isValidName(value));
      }
    }), { numRuns: 40 });
  });
});
