import { deepStrictEqual, strictEqual, throws } from 'node:assert';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { keptFiles } from '../../src/sources/keptFiles.js';

const openFds = (): number => readdirSync('/proc/self/fd').length;
/** This process's descriptors open on a path ending in `suffix` (a descriptor of /proc/net/dev links to /proc/<pid>/net/dev). */
const fdsOn = (suffix: string): number => readdirSync('/proc/self/fd').filter((fd) => {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`).endsWith(suffix);
  } catch {
    return false; // closed meanwhile (the listing's own descriptor)
  }
}).length;

/** Received bytes of lo as /proc/net/dev has them. */
const loBytes = (text: string): number => Number(text.split('\n').find((line) => line.trim().startsWith('lo:'))?.split(':')[1]?.trim().split(/\s+/)[0]);

describe('keptFiles', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rx-kept-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads /proc/net/dev as it is now at every read through one descriptor', async () => {
    const files = keptFiles();
    const before = loBytes(files.read('/proc/net/dev'));
    strictEqual(fdsOn('/net/dev'), 1);
    // loopback traffic between the two reads
    const server = createServer((_req, res) => res.end('x'.repeat(100_000)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const answer = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    strictEqual((await answer.text()).length, 100_000);
    server.close();
    const after = files.read('/proc/net/dev');
    strictEqual(fdsOn('/net/dev'), 1, 'the second read used the same descriptor');
    const interfaces = (text: string): string[] => text.split('\n').filter((line) => line.includes(':')).map((line) => line.split(':')[0]?.trim() ?? '');
    deepStrictEqual(interfaces(after), interfaces(readFileSync('/proc/net/dev', 'utf8')), 'the whole text, every interface');
    strictEqual(loBytes(after) >= before + 100_000, true, `lo went from ${before} to ${loBytes(after)} bytes`);
    files.close();
    strictEqual(fdsOn('/net/dev'), 0);
  });

  it('reads a text longer than its buffer whole, and what was written in place since', () => {
    const files = keptFiles();
    const path = join(dir, 'long');
    const long = 'a'.repeat(40_000);
    writeFileSync(path, long);
    strictEqual(files.read(path), long);
    writeFileSync(path, 'short\n');
    strictEqual(files.read(path), 'short\n');
    files.close();
  });

  it('throws as readFileSync does for a path that cannot be read, and keeps nothing open for it', () => {
    const files = keptFiles();
    const fds = openFds();
    throws(() => files.read(join(dir, 'missing')), { code: 'ENOENT' });
    mkdirSync(join(dir, 'a-directory'));
    throws(() => files.read(join(dir, 'a-directory')), { code: 'EISDIR' });
    strictEqual(openFds(), fds);
  });

  it('closes at a sweep what was not read since the last one, and everything at close', () => {
    const files = keptFiles();
    const fds = openFds();
    for (const name of ['a', 'b', 'c']) writeFileSync(join(dir, name), name);
    deepStrictEqual(['a', 'b', 'c'].map((name) => files.read(join(dir, name))), ['a', 'b', 'c']);
    strictEqual(openFds(), fds + 3);
    files.sweep();
    files.read(join(dir, 'a'));
    files.sweep();
    strictEqual(openFds(), fds + 1, 'b and c were not read since the first sweep');
    files.close();
    strictEqual(openFds(), fds);
  });

  it('keeps at most maxKept descriptors and reads the rest as a one-off', () => {
    const files = keptFiles(2);
    const fds = openFds();
    for (const name of ['a', 'b', 'c']) writeFileSync(join(dir, name), name);
    deepStrictEqual(['a', 'b', 'c', 'c'].map((name) => files.read(join(dir, name))), ['a', 'b', 'c', 'c']);
    strictEqual(openFds(), fds + 2);
    files.close();
  });
});
