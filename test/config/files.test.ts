/** The config files the project ships: they load with the real registry, and the packaged one matches the schemas. */
import { deepStrictEqual, strictEqual } from 'node:assert';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderExampleConfig } from '../../src/config/example.js';
import { loadConfig, RS_COLLECTOR_TABLES } from '../../src/config/load.js';
import { TOP_SCHEMA } from '../../src/config/schema.js';
import { SOURCE_TABLES } from '../../src/sources/registry.js';

const CONFIG_DIR = fileURLToPath(new URL('../../config/', import.meta.url));
const EXAMPLES_DIR = join(CONFIG_DIR, 'examples');

/**
 * Without an executable MegaCli our [Megaraid] loads as a failing collector, with a warning; the shipped rs-collector
 * file names it by bare command, so a stand-in executable on PATH makes it load without one on a host with no RAID.
 */
function withMegaCliOnPath<T>(run: () => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'rx-megacli-'));
  // The Ceph example names its CLI the same way.
  for (const command of ['MegaCli64', 'ceph']) {
    writeFileSync(join(dir, command), '#!/bin/sh\nexit 0\n');
    chmodSync(join(dir, command), 0o755);
  }
  const saved = process.env.PATH;
  process.env.PATH = `${dir}:${saved ?? ''}`;
  try {
    return run();
  } finally {
    process.env.PATH = saved;
  }
}

/**
 * The Ceph example names /etc/ceph/ceph.conf, which must exist at load time (as MegaCli must); on a host without one
 * the example is loaded from a copy that names a stand-in file instead.
 */
function withCephConf(file: string): string {
  const text = readFileSync(file, 'utf8');
  if (!text.includes('/etc/ceph/ceph.conf') || existsSync('/etc/ceph/ceph.conf')) return file;
  const dir = mkdtempSync(join(tmpdir(), 'rx-ceph-example-'));
  writeFileSync(join(dir, 'ceph.conf'), '[global]\n');
  writeFileSync(join(dir, 'example.toml'), text.replaceAll('/etc/ceph/ceph.conf', join(dir, 'ceph.conf')));
  return join(dir, 'example.toml');
}

describe('shipped config files', () => {
  describe('config/rs-collector.conf', () => {
    const { config, warnings } = withMegaCliOnPath(() =>
      loadConfig({ file: join(CONFIG_DIR, 'rs-collector.conf'), env: {}, osHostname: 'ignored', tables: SOURCE_TABLES }));
    const registered = new Set(SOURCE_TABLES.map((table) => table.table));

    it('loads unchanged, with rs-collector\'s top-level keys', () => {
      strictEqual(config.hostname, 'db1');
      deepStrictEqual(config.sink, { kind: 'bosun', url: 'bosun.example.com:8070', gzip: true, maxPointsPerSecond: 0 });
      deepStrictEqual(config.tags, { hostgroup: 'galera', domain: 'example.com', hosttype: 'baremetal' });
    });

    it('runs every rs-collector table this build has, and warns about the others', () => {
      const expectedPaths = [
        ['HasIpAddr', ['HasIpAddr']], ['Galera', ['Galera']], ['Mongo', ['Mongo[0]', 'Mongo[1]']], ['Postfix', ['Postfix']],
        ['Jvm', ['Jvm[0]', 'Jvm[1]']], ['Megaraid', ['Megaraid']],
      ] as const;
      const configured = config.sources.map((source) => source.path).sort();
      const expected = expectedPaths.filter(([table]) => registered.has(table)).flatMap(([, paths]) => paths).sort();
      deepStrictEqual(configured, expected);
      deepStrictEqual(warnings, []);
      deepStrictEqual(RS_COLLECTOR_TABLES.filter((table) => !registered.has(table)), [], 'every rs-collector table is registered');
      deepStrictEqual(RS_COLLECTOR_TABLES.filter((table) => !registered.has(table)), [], 'every rs-collector table is registered');
    });

    it('names repeated tables after their Name', () => {
      const names = config.sources.filter((source) => source.path.endsWith(']')).map((source) => source.name).sort();
      const expected = [
        ...(registered.has('Jvm') ? ['jvm.kafka', 'jvm.tomcat'] : []),
        ...(registered.has('Mongo') ? ['mongo.rs0', 'mongo.rs1'] : []),
      ].sort();
      deepStrictEqual(names, expected);
    });
  });

  describe('config/rx-collector.toml', () => {
    const file = join(CONFIG_DIR, 'rx-collector.toml');

    it('is what `npm run docs` writes from the schemas (run it after changing a doc or a table)', () => {
      const stale = readFileSync(file, 'utf8') !== renderExampleConfig(SOURCE_TABLES);
      strictEqual(stale, false, 'config/rx-collector.toml is stale: run `npm run docs`');
    });

    it('shows every top-level key with its default', () => {
      const text = readFileSync(file, 'utf8');
      const missing = Object.keys(TOP_SCHEMA).filter((key) => key !== 'Tags' && !text.includes(`\n# ${key} = `));
      deepStrictEqual(missing, []);
    });

    it('loads without a warning and runs the collectors that are on by default', () => {
      const { config, warnings } = loadConfig({ file, env: {}, osHostname: 'box', tables: SOURCE_TABLES });
      deepStrictEqual(warnings, []);
      deepStrictEqual(config.sources.map((source) => source.table),
        SOURCE_TABLES.filter((table) => table.onByDefault).map((table) => table.table));
    });
  });

  describe('config/examples/*.toml', () => {
    const files = existsSync(EXAMPLES_DIR) ? readdirSync(EXAMPLES_DIR).filter((name) => name.endsWith('.toml')) : [];
    for (const name of files) {
      it(`${name} loads without a warning`, () => {
        const loaded = withMegaCliOnPath(() => loadConfig({ file: withCephConf(join(EXAMPLES_DIR, name)), env: {}, osHostname: 'box', tables: SOURCE_TABLES }));
        deepStrictEqual(loaded.warnings, []);
      });
    }
  });
});
