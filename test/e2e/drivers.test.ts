/**
 * mysql2 and mongodb are optional peers of the npm package: the built agent in a tree whose node_modules has every
 * other dependency but neither driver still runs its other collectors, and each database collector fails alone with a
 * line that names the package to install.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertBuilt, CLI, runAgent } from './agent.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DRIVERS = new Set(['mysql2', 'mongodb']);

describe('e2e: the agent without the optional database drivers', function () {
  this.timeout(60_000);
  let cli: string;

  before(() => {
    assertBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'rx-collector-nodrivers-'));
    cpSync(join(ROOT, 'dist'), join(dir, 'dist'), { recursive: true });
    cpSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    mkdirSync(join(dir, 'node_modules'));
    for (const entry of readdirSync(join(ROOT, 'node_modules'))) {
      if (!DRIVERS.has(entry)) symlinkSync(join(ROOT, 'node_modules', entry), join(dir, 'node_modules', entry));
    }
    cli = join(dir, 'dist', 'cli.js');
    assert.notEqual(cli, CLI);
  });

  it('reads NetDev, and Galera and Mongo fail with the package to install', async () => {
    const run = await runAgent({
      bin: cli,
      config: 'Sink = "stdout"\n[NetDev]\n[[Galera]]\nName = "db"\n[[Mongo]]\nName = "rs"\n',
      args: ['--once'],
    });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.match(run.stdout, /^linux\.net\.bytes\{/m);
    const failures = run.stderr.split('\n').filter((line) => line.includes('reading failed'))
      .map((line) => JSON.parse(line) as { collector: string; err: string });
    const byCollector = new Map(failures.map((failure) => [failure.collector, failure.err]));
    assert.equal(byCollector.get('galera.db'), 'the npm package "mysql2" (needed by Galera and Mysql) is not installed: npm install mysql2');
    assert.equal(byCollector.get('mongo.rs'), 'the npm package "mongodb" (needed by Mongo) is not installed: npm install mongodb');
  });
});
