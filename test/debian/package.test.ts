/**
 * The Debian package as a user installs it: built with scripts/build-deb.sh, unpacked, and the packaged agent run with
 * the packaged configuration.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasCommand, unavailable } from '../servers/harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('the Debian package', function () {
  this.timeout(180_000);
  let root: string;
  let control: string;
  let conffiles: string;

  before(function () {
    if (!hasCommand('dpkg-deb')) unavailable(this, 'dpkg-deb is missing (not a Debian machine)');
    const deb = execFileSync('bash', [join(ROOT, 'scripts/build-deb.sh')], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').at(-1) ?? '';
    root = mkdtempSync(join(tmpdir(), 'rx-collector-deb-'));
    execFileSync('dpkg-deb', ['-x', join(ROOT, deb), root]);
    control = execFileSync('dpkg-deb', ['-f', join(ROOT, deb)], { encoding: 'utf8' });
    const controlDir = mkdtempSync(join(tmpdir(), 'rx-collector-deb-control-'));
    execFileSync('dpkg-deb', ['-e', join(ROOT, deb), controlDir]);
    conffiles = readFileSync(join(controlDir, 'conffiles'), 'utf8');
  });

  it('declares its version and keeps /etc/rx-collector/rx-collector.toml as a conffile', () => {
    assert.match(control, new RegExp(`^Version: ${VERSION.replace(/\./g, '\\.')}$`, 'm'));
    assert.match(control, /^Depends: nodejs \(>= 20\.19\)/m);
    assert.equal(conffiles.trim(), '/etc/rx-collector/rx-collector.toml');
  });

  it('/usr/bin/rx-collector runs the packaged agent with its own node_modules', () => {
    const bin = join(root, 'usr/bin/rx-collector');
    assert.equal(readlinkSync(bin), '../lib/rx-collector/dist/cli.js');
    assert.equal(execFileSync(bin, ['--version'], { encoding: 'utf8' }).trim(), VERSION);
    assert.ok(!existsSync(join(root, 'usr/lib/rx-collector/node_modules/mocha')), 'no development dependencies');
  });

  it('the packaged configuration is valid as shipped', () => {
    const output = execFileSync(join(root, 'usr/bin/rx-collector'), ['--check', '-c', join(root, 'etc/rx-collector/rx-collector.toml')],
      { encoding: 'utf8' });
    assert.match(output, /effective configuration/);
  });

  it('the systemd unit starts the packaged binary with the packaged configuration and reloads with SIGHUP', () => {
    const unit = readFileSync(join(root, 'lib/systemd/system/rx-collector.service'), 'utf8');
    assert.match(unit, /^ExecStart=\/usr\/bin\/rx-collector -c \/etc\/rx-collector\/rx-collector\.toml$/m);
    assert.match(unit, /^ExecReload=\/bin\/kill -HUP \$MAINPID$/m);
    assert.match(unit, /^RestartPreventExitStatus=78$/m);
  });
});
