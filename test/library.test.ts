/**
 * What a program that imports one source gets: every registered collector is importable by its package path
 * (`rx-collector/sources/<folder>`, through package.json's exports map and the built dist/), with its factory and
 * its metric table; the package root gives the library surface; and nothing internal is reachable.
 */
import assert from 'node:assert/strict';
import { collectorFolder, SOURCE_TABLES } from '../src/sources/registry.js';
import { assertBuilt } from './e2e/agent.js';

const importable = (path: string): Promise<boolean> => import(path).then(() => true, () => false);

describe('the package as a library', () => {
  before(() => assertBuilt());

  it('every registered collector is importable on its own path with one create…Source factory and its METRICS', async () => {
    const names = [...SOURCE_TABLES.map(collectorFolder), 'internal'];
    assert.ok(names.length >= 11, `found ${names.join(', ')}`);
    for (const name of names) {
      const module = await import(`rx-collector/sources/${name}`) as Record<string, unknown>;
      const factories = Object.keys(module).filter((key) => /^create\w*Source$/.test(key) && typeof module[key] === 'function');
      assert.equal(factories.length, 1, `rx-collector/sources/${name} exports one factory (${factories.join(', ')})`);
      assert.ok(Array.isArray(module.METRICS) && module.METRICS.length > 0, `rx-collector/sources/${name} exports METRICS`);
    }
  });

  it('the root exports the operators, the pipeline, readings() and what adding a collector takes', async () => {
    const root = await import('rx-collector') as Record<string, unknown>;
    for (const name of ['poll', 'timeoutEach', 'retryBackoff', 'circuitBreaker', 'tag', 'validate', 'batch', 'startPipeline',
      'readings', 'checkDatum', 'sourceContext', 'registerTable', 'loadConfig', 'startAgent']) {
      assert.equal(typeof root[name], 'function', name);
    }
    assert.ok(Array.isArray(root.SOURCE_TABLES), 'SOURCE_TABLES');
  });

  it('the sinks a user may use are importable; internal modules are not', async () => {
    for (const path of ['rx-collector/sinks/bosun', 'rx-collector/sinks/opentsdb', 'rx-collector/sinks/stdout', 'rx-collector/operators']) {
      assert.ok(await importable(path), path);
    }
    for (const path of ['rx-collector/sinks/delivery', 'rx-collector/sources/registry', 'rx-collector/sources/galera/parse',
      'rx-collector/config/load', 'rx-collector/pipeline']) {
      assert.equal(await importable(path), false, `${path} must not be reachable`);
    }
  });
});
