/**
 * A stock Debian 12 as an administrator gets it (mmdebstrap --variant=apt: Debian's packages only, no nodejs):
 * the package installs with apt, runs as its service user, and purge leaves only what Debian policy leaves (the
 * system user). The root is made once and kept as a tarball in the test state directory, so reruns are fast.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readlinkSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { STATE_DIR, unavailable } from '../servers/harness.js';
import { buildDeb, requireDebianTools, VERSION } from './deb.js';

const TARBALL = join(STATE_DIR, 'bookworm-apt.tar');
const CLEAN_ENV = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', HOME: '/root', LANG: 'C.UTF-8', DEBIAN_FRONTEND: 'noninteractive' };

function stockBookworm(): string {
  if (!existsSync(TARBALL)) {
    mkdirSync(STATE_DIR, { recursive: true });
    execFileSync('mmdebstrap', ['--variant=apt', '--format=tar', '--quiet', '--skip=cleanup/apt/lists', 'bookworm', `${TARBALL}.part`], { stdio: 'ignore' });
    renameSync(`${TARBALL}.part`, TARBALL);
  }
  const root = mkdtempSync(join(tmpdir(), 'rx-collector-bookworm-'));
  execFileSync('tar', ['-C', root, '-xf', TARBALL]);
  return root;
}

describe('the Debian package on a stock Debian 12', function () {
  this.timeout(600_000);
  let root = '';
  let procMounted = false;

  const inRoot = (args: readonly string[], user?: string): string =>
    execFileSync('chroot', [...(user === undefined ? [] : [`--userspec=${user}:${user}`]), root, ...args],
      { encoding: 'utf8', env: CLEAN_ENV, stdio: ['ignore', 'pipe', 'pipe'] });
  const apt = (args: readonly string[]): string => inRoot(['apt-get', '-y', '-q', ...args]);
  /** Every path in the root, but the ones apt, dpkg and the kernel keep changing. */
  const paths = (): Set<string> => new Set(inRoot(['find', '/', '-xdev',
    '(', '-path', '/proc', '-o', '-path', '/dev', '-o', '-path', '/tmp', '-o', '-path', '/var/cache', '-o', '-path', '/var/lib/apt',
    '-o', '-path', '/var/lib/dpkg', '-o', '-path', '/var/log', '-o', '-path', '/run', ')', '-prune', '-o', '-print']).split('\n'));

  before(function () {
    requireDebianTools(this, 'mmdebstrap', 'chroot');
    if (process.getuid?.() !== 0) unavailable(this, 'making and entering a Debian root needs root');
    const deb = buildDeb();
    root = stockBookworm();
    execFileSync('mount', ['-t', 'proc', 'proc', join(root, 'proc')]);
    procMounted = true;
    copyFileSync(deb, join(root, 'tmp/rx-collector.deb'));
  });

  after(() => {
    // Never remove the root while the kernel's /proc is mounted in it.
    if (procMounted && spawnSync('umount', [join(root, 'proc')]).status !== 0) return;
    if (root !== '') rmSync(root, { recursive: true, force: true });
  });

  it('installs with apt, runs without nodejs as its service user, and purge leaves only the system user', () => {
    const noNode = (): void => assert.deepEqual(['usr/bin/node', 'usr/bin/nodejs'].filter((bin) => existsSync(join(root, bin))), []);
    noNode();
    apt(['update']);
    const before = paths();
    const installed = apt(['install', '/tmp/rx-collector.deb']);
    assert.match(installed, /Setting up rx-collector \(/);
    noNode();

    assert.equal(inRoot(['rx-collector', '--version'], 'rx-collector').trim(), VERSION);
    const check = inRoot(['rx-collector', '--check', '-c', '/etc/rx-collector/rx-collector.toml'], 'rx-collector');
    assert.match(check, /^SpoolDir = "\/var\/lib\/rx-collector\/spool"$/m);
    const printed = inRoot(['rx-collector', '--once', '--print'], 'rx-collector').split('\n');
    assert.ok(printed.some((line) => /^linux\.net\.bytes\{.*iface=/.test(line)), `no interface counters in:\n${printed.slice(0, 20).join('\n')}`);
    const enableLink = join(root, 'etc/systemd/system/multi-user.target.wants/rx-collector.service');
    assert.equal(readlinkSync(enableLink), '/lib/systemd/system/rx-collector.service', 'enabled on install');

    apt(['purge', 'rx-collector']);
    const left = [...paths()].filter((path) => !before.has(path));
    assert.deepEqual(left.filter((path) => path.includes('rx-collector')), []);
    const mentions = spawnSync('chroot', [root, 'grep', '-rl', 'rx-collector', '/etc', '/var/lib', '/usr', '--exclude-dir=dpkg',
      '--exclude-dir=apt'], { encoding: 'utf8', env: CLEAN_ENV }).stdout.trim().split('\n');
    assert.deepEqual(mentions.filter((file) => !/^\/etc\/(passwd|group|shadow|gshadow)-?$/.test(file)), []);
    assert.match(readFileSync(join(root, 'etc/passwd'), 'utf8'), /^rx-collector:x:\d+:\d+:/m);
  });
});
