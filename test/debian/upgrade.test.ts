/**
 * The package on the test machine itself, through a whole life: install, an administrator's edit of the conffile,
 * a non-interactive upgrade to a newer build (the edit survives, nothing prompts), remove, purge.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readFileSync, writeFileSync } from 'node:fs';
import { hasCommand, unavailable } from '../servers/harness.js';
import { apt, buildDeb, NEWER_VERSION, requireDebianTools, VERSION } from './deb.js';

const CONFFILE = '/etc/rx-collector/rx-collector.toml';
const UNIT = '/lib/systemd/system/rx-collector.service';
const ENABLE_LINK = '/etc/systemd/system/multi-user.target.wants/rx-collector.service';
const EDIT = 'Hostname = "edited-by-the-admin"\n';

const dpkgStatus = (): string =>
  spawnSync('dpkg-query', ['-W', '-f', '${db:Status-Abbrev}', 'rx-collector'], { encoding: 'utf8' }).stdout.trim();
const linkExists = (path: string): boolean => {
  try {
    return lstatSync(path).isSymbolicLink();
  } catch {
    return false;
  }
};

describe('the Debian package installed, upgraded and purged on this machine', function () {
  this.timeout(600_000);
  let deb: string;
  let newer: string;

  before(function () {
    requireDebianTools(this, 'apt-get');
    if (process.getuid?.() !== 0) unavailable(this, 'installing a package needs root');
    if (dpkgStatus() !== '') unavailable(this, 'rx-collector is already installed here; not touching it');
    deb = buildDeb();
    newer = buildDeb(NEWER_VERSION);
  });

  after(() => {
    // Whatever failed, the machine is left without the package (only reached when before() got as far as building).
    if (newer !== undefined) spawnSync('apt-get', ['-y', '-q', '-o', 'DPkg::Lock::Timeout=600', 'purge', 'rx-collector']);
  });

  it('installs enabled, keeps an edited conffile through an upgrade without a question, and purge cleans up', function () {
    assert.match(apt(['install', deb]), /Setting up rx-collector \(/);
    assert.equal(execFileSync('/usr/bin/rx-collector', ['--version'], { encoding: 'utf8' }).trim(), VERSION);
    assert.ok(linkExists(ENABLE_LINK), 'enabled on install');
    const owner = execFileSync('stat', ['-c', '%U:%G %a', CONFFILE], { encoding: 'utf8' }).trim();
    assert.equal(owner, hasCommand('systemd-tmpfiles') ? 'root:rx-collector 640' : 'root:root 644');
    if (hasCommand('systemd-analyze')) {
      const verify = spawnSync('systemd-analyze', ['verify', UNIT], { encoding: 'utf8' });
      assert.equal(verify.status, 0, verify.stderr);
      assert.equal(verify.stderr.split('\n').filter((line) => line.includes('rx-collector')).join('\n'), '');
    }

    writeFileSync(CONFFILE, EDIT + readFileSync(CONFFILE, 'utf8'));
    // stdin closed: a conffile question would make dpkg fail instead of waiting.
    const upgrade = apt(['install', newer], { stdio: ['ignore', 'pipe', 'pipe'] });
    assert.match(upgrade, new RegExp(`Unpacking rx-collector \\(${NEWER_VERSION.replace(/[.+]/g, '\\$&')}\\) over \\(${VERSION.replace(/\./g, '\\.')}\\)`));
    assert.doesNotMatch(upgrade, /Configuration file/);
    assert.equal(execFileSync('/usr/bin/rx-collector', ['--version'], { encoding: 'utf8' }).trim(), NEWER_VERSION);
    assert.ok(readFileSync(CONFFILE, 'utf8').startsWith(EDIT), 'the edit survived the upgrade');
    assert.match(execFileSync('/usr/bin/rx-collector', ['--check', '-c', CONFFILE], { encoding: 'utf8' }), /^Hostname = "edited-by-the-admin"$/m);

    apt(['remove', 'rx-collector']);
    assert.equal(dpkgStatus(), 'rc', 'removed, configuration kept');
    assert.ok(!existsSync('/usr/bin/rx-collector'));
    assert.ok(readFileSync(CONFFILE, 'utf8').startsWith(EDIT), 'remove keeps the conffile');

    apt(['purge', 'rx-collector']);
    assert.equal(dpkgStatus(), '', 'purged');
    assert.deepEqual(['/etc/rx-collector', '/etc/default/rx-collector', '/var/lib/rx-collector', UNIT].filter((path) => existsSync(path)), []);
    assert.ok(!linkExists(ENABLE_LINK), 'no dangling enable link after purge');
  });
});
