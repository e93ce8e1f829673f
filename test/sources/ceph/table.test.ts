import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import convict from 'convict';
import { parse } from 'smol-toml';
import { MissingResourceError } from '../../../src/keyChecks.js';
import { ConfigError } from '../../../src/table.js';
import { commonArguments, CEPH_DEFAULTS } from '../../../src/sources/ceph/index.js';
import { cephTable, type CephKeys } from '../../../src/sources/ceph/table.js';

const dir = mkdtempSync(join(tmpdir(), 'rx-ceph-config-'));
const CONF = join(dir, 'ceph.conf');
const KEYRING = join(dir, 'client.monitoring.keyring');
const CEPH = join(dir, 'ceph');
const NOT_EXECUTABLE = join(dir, 'ceph-not-executable');
writeFileSync(CONF, '[global]\nmon_host = 127.0.0.1:6789\n');
writeFileSync(KEYRING, '[client.monitoring]\nkey = x\n');
writeFileSync(CEPH, '#!/bin/sh\nexit 0\n');
chmodSync(CEPH, 0o755);
writeFileSync(NOT_EXECUTABLE, '#!/bin/sh\nexit 0\n');

/** Reads a `[Ceph]` table the way the loader does: TOML, then the convict schema, then toOptions. */
function load(toml: string) {
  const table = (parse(toml) as { Ceph: Record<string, unknown> }).Ceph;
  const config = convict<CephKeys>(cephTable.schema);
  config.load(table);
  config.validate({ allowed: 'strict' });
  return cephTable.toOptions(config.getProperties(), 'Ceph');
}

function assertConfigError(toml: string, key: string, message: RegExp, type: typeof ConfigError | typeof MissingResourceError = ConfigError): void {
  assert.throws(() => load(toml), (error: unknown) => error instanceof type && error.key === key && message.test(error.message));
}

describe('[Ceph] config table', () => {
  it('reads the keys into the source\'s options', () => {
    assert.deepEqual(load(`[Ceph]\nConfigFile = "${CONF}"\nCephCommand = "${CEPH}"\n`),
      { configFile: CONF, cluster: '', user: 'admin', keyring: '', cephCommand: CEPH });
    assert.deepEqual(load(`[Ceph]\nConfigFile = "${CONF}"\nCephCommand = "${CEPH}"\nCluster = "backup"\nUser = "client.monitoring"\nKeyring = "${KEYRING}"\n`),
      { configFile: CONF, cluster: 'backup', user: 'client.monitoring', keyring: KEYRING, cephCommand: CEPH });
  });

  it('reports a ceph binary, config file or keyring that is not there as a missing resource (the collector waits), naming the key', () => {
    const missing = MissingResourceError;
    assertConfigError(`[Ceph]\nConfigFile = "${CONF}"\nCephCommand = "/nonexistent/ceph"\n`, 'Ceph.CephCommand', /does not exist/, missing);
    assertConfigError(`[Ceph]\nConfigFile = "${CONF}"\nCephCommand = "${NOT_EXECUTABLE}"\n`, 'Ceph.CephCommand', /not executable/, missing);
    assertConfigError(`[Ceph]\nConfigFile = "${join(dir, 'missing.conf')}"\nCephCommand = "${CEPH}"\n`, 'Ceph.ConfigFile', /missing\.conf" does not exist/, missing);
    assertConfigError(`[Ceph]\nConfigFile = "${CONF}"\nCephCommand = "${CEPH}"\nKeyring = "/nonexistent/keyring"\n`, 'Ceph.Keyring', /does not exist/, missing);
  });

  it('refuses an empty User, naming the key', () => {
    assertConfigError(`[Ceph]\nConfigFile = "${CONF}"\nCephCommand = "${CEPH}"\nUser = " "\n`, 'Ceph.User', /empty/);
  });

  it('passes cluster, client and keyring to ceph only when set', () => {
    assert.deepEqual(commonArguments({ ...CEPH_DEFAULTS }),
      ['--conf', '/etc/ceph/ceph.conf', '--id', 'admin', '--connect-timeout', '10', '--format', 'json']);
    assert.deepEqual(commonArguments({ ...CEPH_DEFAULTS, cluster: 'backup', user: 'client.monitoring', keyring: KEYRING }),
      ['--conf', '/etc/ceph/ceph.conf', '--cluster', 'backup', '--name', 'client.monitoring', '--keyring', KEYRING,
        '--connect-timeout', '10', '--format', 'json']);
  });
});
