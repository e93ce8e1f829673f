/**
 * The Debian package as `npm run deb` builds it: what lintian says, what dpkg will be told (control, conffiles,
 * md5sums, dependencies computed by dh_shlibdeps) and how hardened its systemd unit is.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { hasCommand, unavailable } from '../servers/harness.js';
import { buildDeb, controlFiles, requireDebianTools, unpack, VERSION } from './deb.js';

/** The most `systemd-analyze security` may rate the unit (0 = fully locked down, 10 = unprotected). */
const MAX_EXPOSURE = 2.5;

describe('the Debian package', function () {
  this.timeout(300_000);
  let deb: string;
  let root: string;
  let control: (name: string) => string;

  before(function () {
    requireDebianTools(this);
    deb = buildDeb();
    root = unpack(deb);
    control = controlFiles(deb);
  });

  it('is named after its version and architecture, and lintian finds no error and no warning', function () {
    if (!hasCommand('lintian')) unavailable(this, 'lintian is missing (test/servers/install.sh installs it)');
    assert.equal(deb.split('/').at(-1), `rx-collector_${VERSION}_amd64.deb`);
    const result = spawnSync('lintian', ['--fail-on', 'none', deb], { encoding: 'utf8' });
    const complaints = result.stdout.split('\n').filter((line) => /^[EW]: /.test(line));
    assert.deepEqual(complaints, []);
  });

  it('depends only on the libraries dh_shlibdeps found, not on nodejs, and says how much it installs', () => {
    const fields = control('control');
    assert.match(fields, new RegExp(`^Version: ${VERSION.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(fields, /^Architecture: amd64$/m);
    const depends = /^Depends: (.*)$/m.exec(fields)?.[1] ?? '';
    assert.match(depends, /libc6 \(>= [\d.]+\)/);
    assert.match(depends, /libstdc\+\+6 \(>= [\d.]+\)/);
    assert.doesNotMatch(depends, /nodejs/);
    const installedKb = Number(/^Installed-Size: (\d+)$/m.exec(fields)?.[1]);
    const binaryKb = statSync(join(root, 'usr/bin/rx-collector')).size / 1024;
    assert.ok(installedKb >= binaryKb && installedKb < binaryKb + 1024, `Installed-Size ${installedKb} for a ${binaryKb} KiB binary`);
  });

  it('lists an md5sum for every file it ships, and both /etc files as conffiles', () => {
    const sums = control('md5sums').trim().split('\n').map((line) => line.split(/\s+/)[1]);
    assert.ok(sums.includes('usr/bin/rx-collector'));
    assert.ok(sums.includes('lib/systemd/system/rx-collector.service'));
    assert.deepEqual(control('conffiles').trim().split('\n').sort(), ['/etc/default/rx-collector', '/etc/rx-collector/rx-collector.toml']);
  });

  it('ships a short conffile that sets the spool on, and the full reference among the examples', () => {
    const conffile = readFileSync(join(root, 'etc/rx-collector/rx-collector.toml'), 'utf8');
    assert.ok(conffile.split('\n').length < 50, 'the conffile stays short');
    assert.match(conffile, /^SpoolDir = "\/var\/lib\/rx-collector\/spool"$/m);
    const reference = readFileSync(join(root, 'usr/share/doc/rx-collector/examples/rx-collector.toml'), 'utf8');
    assert.equal(reference, readFileSync(join(import.meta.dirname, '../../config/rx-collector.toml'), 'utf8'));
    assert.ok(existsSync(join(root, 'usr/share/man/man1/rx-collector.1.gz')));
  });

  it('/usr/bin/rx-collector runs by itself (no node on the path) and accepts the shipped configuration', () => {
    const bin = join(root, 'usr/bin/rx-collector');
    const env = { PATH: '/nonexistent' };
    assert.equal(execFileSync(bin, ['--version'], { encoding: 'utf8', env }).trim(), VERSION);
    const check = execFileSync(bin, ['--check', '-c', join(root, 'etc/rx-collector/rx-collector.toml')], { encoding: 'utf8', env });
    assert.match(check, /^SpoolDir = "\/var\/lib\/rx-collector\/spool"$/m);
  });

  it(`has a unit that validates before it reloads, caps glibc's malloc arenas and that systemd-analyze rates at most ${MAX_EXPOSURE}`, function () {
    if (!hasCommand('systemd-analyze')) unavailable(this, 'systemd-analyze is missing (package systemd)');
    const unit = join(root, 'lib/systemd/system/rx-collector.service');
    const text = readFileSync(unit, 'utf8');
    assert.deepEqual(text.split('\n').filter((line) => line.startsWith('ExecReload=')), [
      'ExecReload=/usr/bin/rx-collector --check -c /etc/rx-collector/rx-collector.toml',
      'ExecReload=/bin/kill -HUP $MAINPID',
    ]);
    assert.match(text, /^EnvironmentFile=-\/etc\/default\/rx-collector$/m);
    // the footprint the benchmarks measure is with this (bench/agentProcess.ts reads it from the unit)
    assert.match(text, /^Environment=MALLOC_ARENA_MAX=2$/m);
    assert.doesNotMatch(text, /^MemoryDenyWriteExecute=/m);
    const security = execFileSync('systemd-analyze', ['security', '--offline=true', '--no-pager', unit], { encoding: 'utf8' });
    const exposure = Number(/Overall exposure level for rx-collector\.service: ([\d.]+)/.exec(security)?.[1]);
    assert.ok(exposure <= MAX_EXPOSURE, `exposure ${exposure} > ${MAX_EXPOSURE}:\n${security}`);
  });
});
