import { deepStrictEqual } from 'node:assert';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LogFollower } from '../../src/sources/postfix/follow.js';

describe('postfix LogFollower', () => {
  let dir: string;
  let path: string;
  let follower: LogFollower;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'rx-follow-'));
    path = join(dir, 'maillog');
    follower = new LogFollower(path);
  });
  afterEach(async () => {
    await follower.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts at the end of an existing file, then returns each new line once', async () => {
    writeFileSync(path, 'old 1\nold 2\n');
    deepStrictEqual(await follower.readLines(), []);
    appendFileSync(path, 'new 1\nnew 2\n');
    deepStrictEqual(await follower.readLines(), ['new 1', 'new 2']);
    deepStrictEqual(await follower.readLines(), []);
  });

  it('holds back a line until its newline arrives', async () => {
    writeFileSync(path, '');
    await follower.readLines();
    appendFileSync(path, 'complete\nhal');
    deepStrictEqual(await follower.readLines(), ['complete']);
    appendFileSync(path, 'f\n');
    deepStrictEqual(await follower.readLines(), ['half']);
  });

  it('reads a file that did not exist at the first reading from its start', async () => {
    deepStrictEqual(await follower.readLines(), []);
    writeFileSync(path, 'first\n');
    deepStrictEqual(await follower.readLines(), ['first']);
  });

  it('loses nothing and repeats nothing across a rotation by rename', async () => {
    writeFileSync(path, '');
    await follower.readLines();
    appendFileSync(path, 'a\nb\n');
    deepStrictEqual(await follower.readLines(), ['a', 'b']);
    appendFileSync(path, 'c\n');
    renameSync(path, `${path}.1`);
    // the writer has not reopened yet: it still appends to the renamed file
    appendFileSync(`${path}.1`, 'd\n');
    deepStrictEqual(await follower.readLines(), ['c', 'd']);
    appendFileSync(`${path}.1`, 'e\n');
    writeFileSync(path, 'f\n');
    deepStrictEqual(await follower.readLines(), ['e', 'f']);
    appendFileSync(`${path}.1`, 'g\n');
    appendFileSync(path, 'h\n');
    // the old file is drained once more after the switch, then let go
    deepStrictEqual(await follower.readLines(), ['g', 'h']);
    appendFileSync(`${path}.1`, 'too late\n');
    appendFileSync(path, 'i\n');
    deepStrictEqual(await follower.readLines(), ['i']);
  });

  it('ends an unterminated last line of a rotated-away file as a line of its own', async () => {
    writeFileSync(path, '');
    await follower.readLines();
    appendFileSync(path, 'x\ntail-without-newline');
    deepStrictEqual(await follower.readLines(), ['x']);
    renameSync(path, `${path}.1`);
    writeFileSync(path, 'next\n');
    deepStrictEqual(await follower.readLines(), ['tail-without-newline', 'next']);
  });

  it('starts over after a truncation, counting nothing twice', async () => {
    writeFileSync(path, '');
    await follower.readLines();
    appendFileSync(path, 'a\nb\nc\n');
    deepStrictEqual(await follower.readLines(), ['a', 'b', 'c']);
    truncateSync(path, 0);
    appendFileSync(path, 'd\n');
    deepStrictEqual(await follower.readLines(), ['d']);
    appendFileSync(path, 'e\n');
    deepStrictEqual(await follower.readLines(), ['e']);
  });
});
