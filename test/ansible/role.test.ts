/**
 * The Ansible role ansible/roles/rx_collector run with Debian's ansible-core against this machine (-c local), as an
 * administrator would: the first run installs the package and writes a configuration with two Galera instances, the
 * second changes nothing, and a variable the agent would refuse never replaces the file.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildDeb, requireDebianTools, ROOT } from '../debian/deb.js';
import { unavailable } from '../servers/harness.js';

const CONFFILE = '/etc/rx-collector/rx-collector.toml';

interface Recap { ok: number; changed: number; failed: number }

/** The PLAY RECAP line of the one host. */
function recap(output: string): Recap {
  const line = /^localhost\s+: (.*)$/m.exec(output)?.[1] ?? '';
  const count = (name: string): number => Number(new RegExp(`${name}=(\\d+)`).exec(line)?.[1]);
  return { ok: count('ok'), changed: count('changed'), failed: count('failed') };
}

describe('the Ansible role rx_collector', function () {
  this.timeout(600_000);
  let playbook: string;
  let installedHere = false;

  const play = (extraVars?: object): { status: number | null; output: string } => {
    const result = spawnSync('ansible-playbook', ['-i', 'localhost,', '-c', 'local', playbook,
      ...(extraVars === undefined ? [] : ['-e', JSON.stringify(extraVars)])], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ANSIBLE_ROLES_PATH: join(ROOT, 'ansible/roles'), ANSIBLE_NOCOLOR: '1', ANSIBLE_RETRY_FILES_ENABLED: '0' },
    });
    return { status: result.status, output: result.stdout + result.stderr };
  };

  before(function () {
    requireDebianTools(this, 'ansible-playbook');
    if (process.getuid?.() !== 0) unavailable(this, 'the role installs a package: needs root');
    if (spawnSync('dpkg-query', ['-W', 'rx-collector']).status === 0) unavailable(this, 'rx-collector is already installed here; not touching it');
    const deb = buildDeb();
    const dir = mkdtempSync(join(tmpdir(), 'rx-collector-ansible-'));
    playbook = join(dir, 'site.yml');
    writeFileSync(playbook, `- hosts: all
  gather_subset: [min]
  vars:
    rx_collector_deb: ${JSON.stringify(deb)}
    rx_collector_host: "bosun.example.net:8070"
    rx_collector_tags: {dc: ams1, rack: 7}
    rx_collector_hasipaddr_ipv4: ["127.0.0.1"]
    rx_collector_galera:
      - {name: node1, host: 127.0.0.1, port: 3306, user: monitor, password: 'pa"ss'}
      - {name: node2, socket: /run/mysqld/mysqld-second.sock, user: monitor, password: other}
  roles: [rx_collector]
`);
    installedHere = true;
  });

  after(() => {
    if (installedHere) spawnSync('apt-get', ['-y', '-q', '-o', 'DPkg::Lock::Timeout=600', 'purge', 'rx-collector']);
  });

  it('installs and configures two Galera instances, then a second run changes nothing', () => {
    const first = play();
    assert.equal(first.status, 0, first.output);
    assert.deepEqual(recap(first.output), { ok: 3, changed: 2, failed: 0 }, first.output);

    const effective = execFileSync('rx-collector', ['--check', '-c', CONFFILE], { encoding: 'utf8' });
    assert.match(effective, /^Host = "bosun\.example\.net:8070"$/m);
    const galera = effective.split('[[Galera]]').slice(1);
    assert.deepEqual(galera.map((table) => /^Name = "(.*)"$/m.exec(table)?.[1]), ['node1', 'node2']);
    assert.match(galera[1] ?? '', /^Socket = "\/run\/mysqld\/mysqld-second\.sock"$/m);
    assert.doesNotMatch(effective, /pa"ss|other/, 'passwords are masked');
    assert.match(readFileSync(CONFFILE, 'utf8'), /^Password = "pa\\"ss"$/m);
    const mode = statSync(CONFFILE);
    assert.equal(mode.mode & 0o777, 0o640);
    assert.equal(execFileSync('stat', ['-c', '%U:%G', CONFFILE], { encoding: 'utf8' }).trim(), 'root:rx-collector');

    const second = play();
    assert.equal(second.status, 0, second.output);
    assert.deepEqual(recap(second.output), { ok: 3, changed: 0, failed: 0 }, second.output);
  });

  it('refuses a configuration the agent would refuse and leaves the file as it was', () => {
    const before = readFileSync(CONFFILE, 'utf8');
    const bad = play({ rx_collector_galera: [{ name: 'node1', port: 'not-a-port' }] });
    assert.notEqual(bad.status, 0);
    assert.equal(recap(bad.output).failed, 1, bad.output);
    assert.match(bad.output, /Galera\[0\]\.Port/);
    assert.equal(readFileSync(CONFFILE, 'utf8'), before);
  });
});
