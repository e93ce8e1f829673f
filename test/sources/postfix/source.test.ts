import { deepStrictEqual, match, ok, rejects, strictEqual } from 'node:assert';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { concatMap, defaultIfEmpty, firstValueFrom, lastValueFrom, range, toArray } from 'rxjs';
import { circuitBreaker, type BreakerChange } from '../../../src/operators/circuitBreaker.js';
import { ReadingTimeoutError, timeoutEach } from '../../../src/operators/timeoutEach.js';
import type { Datum } from '../../../src/datum.js';
import { createPostfixSource } from '../../../src/sources/postfix/index.js';
import { bucketOf, QUEUES } from '../../../src/sources/postfix/queue.js';
import { unavailable, waitFor } from '../../servers/harness.js';
import { postfix, postfixAvailable, type PostfixServer } from '../../servers/postfix.js';

const value = (points: Datum[], metric: string, tags: Record<string, string> = {}): number | undefined =>
  points.find((point) => point.metric === metric && Object.entries(tags).every(([key, tag]) => point.tags[key] === tag))?.value;

describe('postfix source against a real Postfix', function () {
  this.timeout(60_000);
  let server: PostfixServer;

  before(async function () {
    if (!postfixAvailable()) unavailable(this, 'Postfix is not installed (test/servers/install.sh)');
    server = await postfix();
  });

  it('counts the statistics exactly: accepted, delivered, deferred, bounced, rejected by class', async () => {
    const source = createPostfixSource({ logFile: server.logFile, queues: false, configDirectory: server.configDirectory });
    const baseline = await firstValueFrom(source.collect());
    const startOf = (metric: string, tags?: Record<string, string>) => value(baseline, metric, tags) ?? Number.NaN;
    const sentBefore = server.logCount(/status=(sent|deferred|bounced)/);

    await server.send('nobody@localhost');
    await server.send('nobody@localhost');
    await server.send('nosuchuser@localhost');
    await server.send('someone@remote.invalid');
    deepStrictEqual(await server.smtpRecipients(['nosuchuser@localhost', 'someone@remote.invalid']), [550, 454]);
    await waitFor('five delivery attempts in the mail log', () => server.logCount(/status=(sent|deferred|bounced)/) >= sentBefore + 4, 30_000);
    await waitFor('the smtpd rejections in the mail log', () => server.logCount(/NOQUEUE: reject/) >= 2, 10_000);

    const after = await firstValueFrom(source.collect());
    const moved = (metric: string, tags?: Record<string, string>) => (value(after, metric, tags) ?? Number.NaN) - startOf(metric, tags);
    strictEqual(moved('postfix.messages.received'), 4);
    strictEqual(moved('postfix.messages.delivered'), 2);
    strictEqual(moved('postfix.messages.bounced'), 1);
    strictEqual(moved('postfix.messages.deferred'), 1);
    strictEqual(moved('postfix.messages.rejected', { class: '5xx' }), 1);
    strictEqual(moved('postfix.messages.rejected', { class: '4xx' }), 1);
    strictEqual(moved('postfix.messages.expired'), 0);
    ok((value(after, 'postfix.maillog.lines', { kind: 'other' }) ?? 0) > 0);
    await source.close?.();
  });

  it('loses nothing and counts nothing twice across `postfix logrotate` in the middle of a run', async () => {
    const source = createPostfixSource({ logFile: server.logFile, queues: false });
    const baseline = await firstValueFrom(source.collect());
    const deliveredBefore = server.logCount(/status=sent/);
    await server.send('nobody@localhost');
    await waitFor('first delivery', () => server.logCount(/status=sent/) >= deliveredBefore + 1, 30_000);
    const rotatedTo = await server.rotateLog();
    match(rotatedTo, /maillog\.\d{8}-\d{6}$/);
    await server.send('nobody@localhost');
    await server.send('nobody@localhost');
    await waitFor('two more deliveries', () => server.logCount(/status=sent/) >= deliveredBefore + 3, 30_000);
    const after = await firstValueFrom(source.collect());
    const received = (points: Datum[]) => value(points, 'postfix.messages.received') ?? Number.NaN;
    const delivered = (points: Datum[]) => value(points, 'postfix.messages.delivered') ?? Number.NaN;
    strictEqual(delivered(after) - delivered(baseline), 3);
    strictEqual(received(after) - received(baseline), 3);
    await source.close?.();
  });

  it('reports queue counts and age buckets equal to what postqueue -j says', async () => {
    await server.send('held@remote.invalid');
    await waitFor('a deferred message to hold', async () => (await server.postqueue()).find((entry) => entry.queue_name === 'deferred'), 30_000);
    const toHold = (await server.postqueue()).find((entry) => entry.queue_name === 'deferred');
    await server.hold(toHold?.queue_id ?? '');
    await server.setPickup(false);
    try {
      await server.send('waiting1@remote.invalid');
      await server.send('waiting2@remote.invalid');
      const source = createPostfixSource({ configDirectory: server.configDirectory, statistics: false });
      const points = await firstValueFrom(source.collect());
      const queue = await server.postqueue();
      const now = Math.max(...points.map((point) => point.timestamp));
      for (const name of QUEUES) {
        const inQueue = queue.filter((entry) => entry.queue_name === name);
        strictEqual(value(points, 'postfix.queue.length', { queue: name }), inQueue.length, `${name} length`);
        const oldest = inQueue.length === 0 ? 0 : Math.max(...inQueue.map((entry) => now - entry.arrival_time));
        strictEqual(value(points, 'postfix.queue.oldest_age', { queue: name }), oldest, `${name} oldest age`);
        const buckets = points.filter((point) => point.metric === `postfix.queues.${name}`);
        strictEqual(buckets.length, 10);
        for (const point of buckets) {
          const expected = inQueue.filter((entry) => bucketOf(now - entry.arrival_time) === point.tags.bucket).length;
          strictEqual(point.value, expected, `${name} bucket ${point.tags.bucket}`);
        }
      }
      ok(queue.filter((entry) => entry.queue_name === 'maildrop').length >= 2, 'mail waits in maildrop while pickup is off');
      ok(queue.some((entry) => entry.queue_name === 'hold'), 'one message is held');
    } finally {
      await server.setPickup(true);
    }
  });

  it('fails a reading with a clear error when Postfix is missing, and the breaker opens', async () => {
    const source = createPostfixSource({ postqueuePath: '/nonexistent/postqueue', statistics: false });
    await rejects(firstValueFrom(source.collect()), /\/nonexistent\/postqueue not found \(is Postfix installed/);
    const changes: BreakerChange[] = [];
    const breaker = circuitBreaker<Datum[]>({ failureThreshold: 2, cooldownMs: 60_000, onStateChange: (change) => changes.push(change) });
    const emitted = await lastValueFrom(range(0, 4).pipe(
      concatMap(() => source.collect().pipe(breaker, defaultIfEmpty([]))),
      toArray(),
    ));
    deepStrictEqual(emitted.map((points) => points.length), [0, 0, 0, 0]);
    deepStrictEqual(changes.map((change) => change.to), ['open']);
    match((changes[0]?.error as Error).message, /not found/);
  });

  it('kills a hung postqueue when the reading is cancelled at its timeout', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rx-postqueue-'));
    const fake = join(dir, 'postqueue');
    // a duration no other process on the machine sleeps, so that ps finds this child and no one else's
    const hang = `sleep 300.${process.pid}`;
    writeFileSync(fake, `#!/bin/sh\nexec ${hang}\n`, { mode: 0o755 });
    try {
      const source = createPostfixSource({ postqueuePath: fake, statistics: false });
      await rejects(firstValueFrom(source.collect().pipe(timeoutEach(300))), ReadingTimeoutError);
      await waitFor('the hung child gone', () => !execFileSync('ps', ['-eo', 'args']).toString().includes(hang), 5000, 50);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
