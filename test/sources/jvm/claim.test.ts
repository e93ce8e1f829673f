/**
 * rs-collector's rule for several `[[Jvm]]` tables: each JVM is reported once, by the first table whose Command
 * matches it. Loaded as the agent loads a file, run against the two real test JVMs (alpha and beta share a token).
 */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom } from 'rxjs';
import { loadConfig } from '../../../src/config/load.js';
import { SOURCE_TABLES } from '../../../src/sources/registry.js';
import { jvmTable } from '../../../src/sources/jvm/table.js';
import { ConfigError } from '../../../src/table.js';
import { countingContext } from '../../helpers/skips.js';
import { freshDir, unavailable } from '../../servers/harness.js';
import { jvmToolsAvailable, testJvms, type TestJvms } from '../../servers/jvm.js';

const dir = freshDir('jvm-claim');

function sourcesOf(toml: string) {
  const file = join(dir, 'rx.toml');
  writeFileSync(file, toml);
  return loadConfig({ file, env: {}, osHostname: 'app1', tables: SOURCE_TABLES }).config.sources;
}

describe('[[Jvm]] tables: a JVM belongs to the first table that matches it', () => {
  it('hands each table the commands of the tables before it', () => {
    const keys = (Command: string, Name: string) => ({ Command, Name });
    assert.deepEqual(jvmTable.toOptions(keys('b', 'second'), 'Jvm[1]', [keys('a', 'first')]),
      { name: 'second', command: 'b', claimedBy: ['a'] });
    assert.deepEqual(jvmTable.toOptions(keys('a', 'first'), 'Jvm[0]', []), { name: 'first', command: 'a' });
  });

  it('names the key of a Rust pattern JavaScript cannot express', () => {
    assert.throws(() => sourcesOf('[[Jvm]]\nName = "lazy"\nCommand = "(?U)catalina.*"\n'),
      (error: unknown) => error instanceof ConfigError && error.key === 'Jvm[0].Command' && /swap greed/.test(error.message));
  });

  describe('against real JVMs', function () {
    this.timeout(60_000);
    let jvms: TestJvms;

    before(async function () {
      if (!jvmToolsAvailable()) unavailable(this, 'java, javac, jps or jstat not installed (openjdk-17-jdk-headless)');
      jvms = await testJvms();
    });

    const pidsOf = async (source: ReturnType<typeof sourcesOf>[number]): Promise<string[]> => {
      const counted = countingContext();
      const points = await lastValueFrom(source.create(counted).collect());
      // A jstat that failed would look like a JVM left to another table: say so instead.
      assert.equal(counted.skipped, 0, 'a jps line or a jstat run was skipped');
      return [...new Set(points.map((point) => `${point.tags.jvm_name}:${point.tags.pid ?? 'single'}`))].sort();
    };

    it('reports alpha under the first table only, beta under the second, each once', async () => {
      const sources = sourcesOf([
        '[[Jvm]]', 'Name = "alpha"', `Command = 'rxtest\\.run=${jvms.token} -Drxtest\\.app=alpha'`,
        '[[Jvm]]', 'Name = "rest"', `Command = 'rxtest\\.run=${jvms.token}'`,
      ].join('\n'));
      assert.deepEqual(await pidsOf(sources[0]), ['alpha:single']);
      // beta is the only JVM left for the second table: one JVM, so no pid tag, as rs-collector sent it.
      assert.deepEqual(await pidsOf(sources[1]), ['rest:single']);
    });

    it('with the tables the other way round, the broad one takes both and the narrow one nothing', async () => {
      const sources = sourcesOf([
        '[[Jvm]]', 'Name = "all"', `Command = 'rxtest\\.run=${jvms.token}'`,
        // The token keeps other test runs' JVMs on this machine (their own alpha) out.
        '[[Jvm]]', 'Name = "alpha"', `Command = 'rxtest\\.run=${jvms.token} -Drxtest\\.app=alpha'`,
      ].join('\n'));
      assert.deepEqual(await pidsOf(sources[0]), [`all:${jvms.alpha.pid}`, `all:${jvms.beta.pid}`].sort());
      assert.deepEqual(await pidsOf(sources[1]), []);
    });

    it('matches with Rust\'s inline flags, (?i) for one', async () => {
      const [source] = sourcesOf(['[[Jvm]]', 'Name = "shout"', `Command = '(?i)RXTEST\\.RUN=${jvms.token.toUpperCase()} -DRXTEST\\.APP=BETA'`].join('\n'));
      assert.deepEqual(await pidsOf(source), ['shout:single']);
    });
  });
});
