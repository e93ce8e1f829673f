/**
 * A collector's implementation (its source, parser and drivers) is loaded at the first reading of a configured
 * table, never for the registry or the config: an agent pays in memory and start time only for what it runs. A child
 * process records every module it loads (test/helpers/recordLoads.ts) at each step.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDir } from '../servers/harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The collector folders whose index module was loaded at each mark the child printed. */
function loadedCollectors(toml: string, steps: string): Record<string, string[]> {
  const dir = freshDir('lazy-load');
  const loads = join(dir, 'loads.txt');
  writeFileSync(join(dir, 'agent.toml'), toml);
  writeFileSync(loads, '');
  const script = `
    import { appendFileSync } from 'node:fs';
    const mark = (name) => appendFileSync(${JSON.stringify(loads)}, 'mark:' + name + '\\n');
    const { loadConfig } = await import(${JSON.stringify(join(ROOT, 'src/config/load.ts'))});
    const { SOURCE_TABLES } = await import(${JSON.stringify(join(ROOT, 'src/sources/registry.ts'))});
    const { sourceContext } = await import(${JSON.stringify(join(ROOT, 'src/source.ts'))});
    const { lastValueFrom } = await import('rxjs');
    const { config } = loadConfig({ file: ${JSON.stringify(join(dir, 'agent.toml'))}, env: {}, tables: SOURCE_TABLES });
    const sources = config.sources.map((source) => source.create(sourceContext()));
    mark('configured');
    ${steps}
  `;
  execFileSync(process.execPath, ['--import', 'tsx', '--import', join(ROOT, 'test/helpers/recordLoads.ts'),
    '--input-type=module', '-e', script], { cwd: ROOT, env: { ...process.env, RX_LOADS_FILE: loads }, stdio: ['ignore', 'ignore', 'inherit'] });
  const marks: Record<string, string[]> = {};
  let seen: string[] = [];
  for (const line of readFileSync(loads, 'utf8').split('\n')) {
    const collector = /\/src\/sources\/([a-z]+)\/index\.ts$/.exec(line)?.[1];
    if (collector !== undefined && !seen.includes(collector)) seen = [...seen, collector];
    if (line.startsWith('mark:')) marks[line.slice(5)] = seen;
  }
  return marks;
}

describe('collectors are loaded when they first read', function () {
  this.timeout(60_000);

  it('the registry and the config load no collector; a reading loads its own collector and what it imports, no other', () => {
    const marks = loadedCollectors('[NetDev]\n[Tomcat]\nUrl = "http://127.0.0.1:1/manager/status?XML=true"\n', `
      const netdev = sources.find((source) => source.name === 'netdev');
      const points = await lastValueFrom(netdev.collect());
      if (points.length === 0) throw new Error('NetDev read nothing');
      mark('netdev read');
      await Promise.all(sources.map((source) => source.close?.()));
    `);
    // NetDev lists bonds with Bonding's code, so that one comes along
    assert.deepEqual(marks, { configured: [], 'netdev read': ['netdev', 'bonding'] });
  });

  it('a reading that fails (no Tomcat there) has loaded its collector, and only its own', () => {
    const marks = loadedCollectors('[Tomcat]\nUrl = "http://127.0.0.1:1/manager/status?XML=true"\nSessions = false\n', `
      const failed = await lastValueFrom(sources[0].collect()).then(() => 'no error', (error) => error.message);
      if (failed === 'no error') throw new Error('a Tomcat on port 1 answered');
      mark('tomcat read');
    `);
    assert.deepEqual(marks, { configured: [], 'tomcat read': ['tomcat'] });
  });
});
