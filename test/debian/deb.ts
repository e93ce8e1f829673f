/**
 * The Debian package as `npm run deb` builds it, once per test run and version (the upgrade test needs a second,
 * newer build of the same tree), and small helpers to read it and to run dpkg/apt non-interactively.
 */
import { execFileSync, type ExecFileSyncOptions } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasCommand, unavailable } from '../servers/harness.js';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
/** A version that sorts after VERSION, for the upgrade test. */
export const NEWER_VERSION = `${VERSION}+upgrade1`;

const built = new Map<string, string>();

/** Skips (or under CI fails) unless this is a Debian machine with the build tools. */
export function requireDebianTools(ctx: Mocha.Context, ...more: string[]): void {
  for (const command of ['dpkg-buildpackage', 'dh', 'fakeroot', 'rsync', ...more]) {
    if (!hasCommand(command)) unavailable(ctx, `${command} is missing (test/servers/install.sh installs it)`);
  }
}

/** Builds build/rx-collector_<version>_amd64.deb (the tree as it is on disk) and returns its absolute path. */
export function buildDeb(version = VERSION): string {
  const cached = built.get(version);
  if (cached !== undefined) return cached;
  const env = { ...process.env, ...(version === VERSION ? {} : { RX_DEB_VERSION: version }) };
  const output = execFileSync('bash', [join(ROOT, 'scripts/build-deb.sh')], { cwd: ROOT, env, encoding: 'utf8' });
  const deb = join(ROOT, output.trim().split('\n').at(-1) ?? '');
  built.set(version, deb);
  return deb;
}

/** The package's files unpacked into a fresh directory. */
export function unpack(deb: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rx-collector-deb-'));
  execFileSync('dpkg-deb', ['-x', deb, dir]);
  return dir;
}

/** The package's control files (control, conffiles, md5sums, maintainer scripts), by name. */
export function controlFiles(deb: string): (name: string) => string {
  const dir = mkdtempSync(join(tmpdir(), 'rx-collector-deb-control-'));
  execFileSync('dpkg-deb', ['-e', deb, dir]);
  return (name) => readFileSync(join(dir, name), 'utf8');
}

/** apt-get/dpkg with no question asked and the dpkg lock waited for (other test runs may hold it). */
export function apt(args: readonly string[], options: ExecFileSyncOptions = {}): string {
  return execFileSync('apt-get', ['-y', '-q', '-o', 'DPkg::Lock::Timeout=600', ...args], {
    encoding: 'utf8',
    ...options,
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive', ...options.env },
  }).toString();
}
