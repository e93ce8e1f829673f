import { deepStrictEqual, strictEqual } from 'node:assert';
import { appendFileSync, mkdtempSync, renameSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { LogFollower } from '../../../src/sources/postfix/follow.js';
import { createPostfixSource } from '../../../src/sources/postfix/index.js';

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

describe('postfix source without its mail log', () => {
  it('sends zero counters, warns once, and counts the log once it appears', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rx-nolog-'));
    const path = join(dir, 'mail.log');
    const warnings: string[] = [];
    const log = { debug: () => undefined, info: () => undefined, error: () => undefined, warn: (_: object, msg?: string) => warnings.push(msg ?? '') };
    const source = createPostfixSource({ logFile: path, queues: false }, { log });
    try {
      const delivered = async () => (await firstValueFrom(source.collect())).find((point) => point.metric === 'postfix.messages.delivered')?.value;
      strictEqual(await delivered(), 0);
      strictEqual(await delivered(), 0);
      strictEqual(warnings.length, 1);
      writeFileSync(path, 'Nov 25 13:31:14 h postfix/local[1]: A1: to=<a@b>, relay=local, status=sent (delivered to mailbox)\n');
      strictEqual(await delivered(), 1);
      strictEqual(warnings.length, 1);
    } finally {
      await source.close?.();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('counts each line once when a reading overlaps one that was cancelled', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rx-overlap-'));
    const path = join(dir, 'mail.log');
    writeFileSync(path, '');
    const source = createPostfixSource({ logFile: path, queues: false });
    try {
      await firstValueFrom(source.collect());
      const line = 'Nov 25 13:31:14 h postfix/local[1]: A1: to=<a@b>, relay=local, status=sent (delivered to mailbox)\n';
      writeFileSync(path, line.repeat(500), { flag: 'a' });
      source.collect().subscribe().unsubscribe();
      const readings = await Promise.all([firstValueFrom(source.collect()), firstValueFrom(source.collect())]);
      const delivered = readings.map((points) => points.find((point) => point.metric === 'postfix.messages.delivered')?.value);
      strictEqual(Math.max(...delivered.map(Number)), 500);
    } finally {
      await source.close?.();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
