/**
 * What a program that imports one source gets: every source module under src/sources is importable by its package
 * path (`rx-collector/sources/<name>`, through package.json's exports map and the built dist/), with its factory and
 * its metric table; and the package root gives the library surface.
 */
import assert from 'node:assert/strict';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { assertBuilt } from './e2e/agent.js';

const SOURCES_DIR = fileURLToPath(new URL('../src/sources/', import.meta.url));

/** Modules that are sources (they export a METRICS table), by the name a user imports them with. */
async function sourceModules(): Promise<string[]> {
  const names: string[] = [];
  for (const entry of readdirSync(SOURCES_DIR)) {
    const isFolder = statSync(join(SOURCES_DIR, entry)).isDirectory();
    const file = isFolder ? join(SOURCES_DIR, entry, 'index.ts') : join(SOURCES_DIR, entry);
    if (!file.endsWith('.ts')) continue;
    const module = await import(file).catch(() => ({})) as { METRICS?: unknown };
    if (Array.isArray(module.METRICS)) names.push(entry.replace(/\.ts$/, ''));
  }
  return names.sort();
}

describe('the package as a library', () => {
  before(() => assertBuilt());

  it('every source is importable on its own path with a create…Source factory and its METRICS', async () => {
    const names = await sourceModules();
    assert.ok(names.length >= 11, `found ${names.join(', ')}`);
    for (const name of names) {
      const module = await import(`rx-collector/sources/${name}`) as Record<string, unknown>;
      const factories = Object.keys(module).filter((key) => /^create\w*Source$/.test(key) && typeof module[key] === 'function');
      assert.equal(factories.length, 1, `rx-collector/sources/${name} exports one factory (${factories.join(', ')})`);
      assert.ok(Array.isArray(module.METRICS) && module.METRICS.length > 0, `rx-collector/sources/${name} exports METRICS`);
    }
  });

  it('the root exports the operators, the pipeline and readings()', async () => {
    const root = await import('rx-collector') as Record<string, unknown>;
    for (const name of ['poll', 'timeoutEach', 'retryBackoff', 'circuitBreaker', 'tag', 'validate', 'batch', 'startPipeline', 'readings', 'checkDatum']) {
      assert.equal(typeof root[name], 'function', name);
    }
  });
});
