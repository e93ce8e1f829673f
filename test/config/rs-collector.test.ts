/**
 * rs-collector 0.1.8's own configuration files (test/fixtures/rs-collector/, byte for byte) load unchanged and mean
 * what they meant there.
 */
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/load.js';
import { SOURCE_TABLES } from '../../src/sources/registry.js';

const fixture = (name: string): string => fileURLToPath(new URL(`../fixtures/rs-collector/${name}`, import.meta.url));
const EXAMPLE = fixture('examples-rs-collector.conf');
const PACKAGED = fixture('deb-etc-rs-collector.conf');

/** `git hash-object`: proves the fixtures are the upstream files unchanged (blob ids of tag v0.1.8). */
const gitBlob = (file: string): string => {
  const bytes = readFileSync(file);
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
};

const load = (file: string) => loadConfig({ file, env: {}, osHostname: 'ignored', tables: SOURCE_TABLES });

describe('rs-collector 0.1.8\'s configuration files', () => {
  it('are the upstream files byte for byte', () => {
    strictEqual(gitBlob(EXAMPLE), '64d08969d85d639ae03fee32e861d81931d997cf');
    strictEqual(gitBlob(PACKAGED), '52a61a896aae13ce4ed8e3b65c12c3fb4b401344');
  });

  describe('examples/rs-collector.conf', () => {
    const { config, warnings } = load(EXAMPLE);

    it('DontSend = true: collected and printed, nothing sent to Host', () => {
      strictEqual(config.dontSend, true);
      deepStrictEqual(config.sink, { kind: 'stdout', url: 'localhost:8070', gzip: true, maxPointsPerSecond: 0 });
      deepStrictEqual(config.dropMetrics, []);
    });

    it('takes Hostname and [Tags] as rs-collector did', () => {
      strictEqual(config.hostname, 'muffin');
      deepStrictEqual(config.tags, { hostgroup: 'dev', domain: 'lukas.pustina', hosttype: 'vm' });
    });

    it('runs every table it names, one collector per [[Mongo]] and [[Jvm]]', () => {
      deepStrictEqual(config.sources.map((source) => source.name), [
        'hasipaddr', 'jvm.centerdevice-import-server', 'jvm.tomcat-centerdevice', 'jvm.elasticsearch', 'megaraid',
        'mongo.replicaset01', 'mongo.replicaset02', 'mongo.config', 'postfix', 'galera',
      ]);
      const settings = (name: string) => config.sources.find((source) => source.name === name)?.settings ?? {};
      deepStrictEqual(settings('hasipaddr').Ipv4, ['127.0.0.1', '172.0.0.1']);
      deepStrictEqual([settings('megaraid').tick_interval, settings('megaraid').adapter, settings('megaraid').megacli_command],
        [16, 'ALL', '/opt/MegaRAID/MegaCli/MegaCli64']);
      deepStrictEqual(['mongo.replicaset01', 'mongo.replicaset02', 'mongo.config'].map((name) => settings(name).Port), [27015, 27016, 27019]);
      deepStrictEqual([settings('mongo.replicaset01').User, settings('mongo.replicaset01').UseSsl], ['root', true]);
      deepStrictEqual([settings('galera').User, settings('galera').Host, settings('galera').UseSsl], ['root', 'localhost', true]);
      strictEqual(settings('jvm.elasticsearch').Command, 'elasticsearch');
      // rs-collector read every 15 s (its tick); so do we by default
      deepStrictEqual([...new Set(config.sources.map((source) => source.intervalMs))], [15_000]);
    });

    it('warns about its placeholder paths (those collectors fail until the files exist) and its unknown key', () => {
      deepStrictEqual(warnings, [
        '`Megaraid.id`: unknown key (ignored)',
        '`Megaraid.megacli_command`: "/opt/MegaRAID/MegaCli/MegaCli64" does not exist: collector megaraid fails until it is there (retried on its schedule)',
        '`Mongo[0].CaCert`: "Path to CA certificate" does not exist: collector mongo.replicaset01 fails until it is there (retried on its schedule)',
        '`Galera.CaCert`: "Path to CA certificate" does not exist: collector galera fails until it is there (retried on its schedule)',
      ]);
    });
  });

  describe('distribution/deb/rs-collector/etc/rs-collector.conf', () => {
    const { config, warnings } = load(PACKAGED);

    it('sends to Bosun at localhost:8070 as host "localhost" with its tags, and runs no collector but the agent\'s own', () => {
      deepStrictEqual(warnings, []);
      strictEqual(config.hostname, 'localhost');
      strictEqual(config.dontSend, false);
      deepStrictEqual(config.sink, { kind: 'bosun', url: 'localhost:8070', gzip: true, maxPointsPerSecond: 0 });
      deepStrictEqual(config.tags, { hostgroup: 'rs-collector-host', domain: 'mydomain', hosttype: 'baremetal' });
      deepStrictEqual(config.sources, []);
    });
  });
});
