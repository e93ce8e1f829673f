/**
 * The single executable (`npm run sea`, what the .deb installs as /usr/bin/rx-collector) loses nothing of the agent:
 * its version is right, and the parts it loads only when configured — mysql2, mongodb and undici (the sink) — work
 * from inside the bundle against a real MariaDB, the MongoDB stand-in and a real VictoriaMetrics.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT, VERSION } from '../debian/deb.js';
import { runAgent, toVictoriaMetrics } from '../e2e/agent.js';
import { unavailable } from '../servers/harness.js';
import { mariadbAvailable, plainMariadb } from '../servers/mariadb.js';
import { startMongoStandIn, type MongoStandIn } from '../servers/mongo/standIn.js';
import { freshVictoriaMetrics, type VictoriaMetrics } from '../servers/victoriametrics.js';

const SEA = join(ROOT, 'build', 'sea', 'rx-collector');

describe('the single executable', function () {
  this.timeout(300_000);
  let vm: VictoriaMetrics;
  let standIn: MongoStandIn;

  before(async function () {
    if (!mariadbAvailable()) unavailable(this, 'mariadbd is missing (test/servers/install.sh)');
    execFileSync('npm', ['run', 'sea'], { cwd: ROOT, stdio: 'ignore' });
    vm = await freshVictoriaMetrics(this);
    standIn = await startMongoStandIn({ role: 'primary' });
  });

  after(async () => {
    await standIn?.stop();
  });

  it('prints the version of package.json', () => {
    assert.equal(execFileSync(SEA, ['--version'], { encoding: 'utf8', env: { PATH: '/nonexistent' } }).trim(), VERSION);
  });

  it('reads MariaDB through mysql2 and Mongo through mongodb, and ships through undici into VictoriaMetrics', async () => {
    const plain = await plainMariadb();
    const run = await runAgent({
      bin: SEA,
      config: [
        ...toVictoriaMetrics(vm),
        'Hostname = "sea-host"',
        '[[Galera]]', 'Name = "plain"', 'Host = "127.0.0.1"', `Port = ${plain.port}`, 'User = "root"',
        '[[Mongo]]', 'Name = "rs0"', `Uri = "${standIn.url}"`,
      ].join('\n'),
      runMs: 4_000,
    });
    assert.equal(run.exitCode, 0, run.stderr);
    const loaded = await vm.series('galera.provider.loaded');
    assert.deepEqual(loaded.map((series) => [series.metric.name, series.values.at(-1)]), [['plain', 0]]);
    const queries = await vm.series('mongo.opcounters.query');
    assert.deepEqual(queries.map((series) => [series.metric.host, series.metric.name]), [['sea-host', 'rs0']]);
  });
});
