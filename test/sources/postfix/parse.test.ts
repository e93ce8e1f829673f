import { deepStrictEqual, strictEqual } from 'node:assert';
import { readFileSync } from 'node:fs';
import { bucketOf, parsePostqueueJson, shapeQueues } from '../../../src/sources/postfix/queue.js';
import { countLines, emptyCounts, parseMaillogLine } from '../../../src/sources/postfix/maillog.js';

const fixture = (name: string): string => readFileSync(new URL(`../../fixtures/postfix/${name}`, import.meta.url), 'utf8');

describe('postfix parsing', () => {
  describe('parsePostqueueJson', () => {
    it('reads every message of the real sample with its queue and arrival time', () => {
      const { messages, skipped } = parsePostqueueJson(fixture('postqueue-j.txt'));
      strictEqual(skipped, 0);
      const perQueue = (queue: string) => messages.filter((message) => message.queue === queue).length;
      // The layout sample lists the same queue as files: 2 in maildrop, 3 deferred, 1 held.
      const files = fixture('postfix-queue-layout.txt').split('\n').filter((line) => line.startsWith('/'));
      const filesIn = (queue: string) => files.filter((file) => file.includes(`/${queue}/`)).length;
      for (const queue of ['maildrop', 'deferred', 'hold', 'active', 'incoming']) strictEqual(perQueue(queue), filesIn(queue), queue);
      strictEqual(messages.find((message) => message.queue === 'hold')?.arrivalTime, 1795609107);
    });

    it('skips and counts lines it cannot use, keeping the rest', () => {
      const text = ['{"queue_name":"active","arrival_time":100}', 'not json', '{"queue_name":"bogus","arrival_time":1}',
        '{"queue_name":"hold"}', ''].join('\n');
      const { messages, skipped } = parsePostqueueJson(text);
      deepStrictEqual(messages, [{ queue: 'active', arrivalTime: 100 }]);
      strictEqual(skipped, 3);
    });
  });

  describe('bucketOf (qshape buckets)', () => {
    it('puts an age in the first bucket whose limit it is below', () => {
      strictEqual(bucketOf(0), '5');
      strictEqual(bucketOf(4 * 60 + 59), '5');
      strictEqual(bucketOf(5 * 60), '10');
      strictEqual(bucketOf(39 * 60), '40');
      strictEqual(bucketOf(1279 * 60), '1280');
      strictEqual(bucketOf(1280 * 60), '1280p');
      strictEqual(bucketOf(-30), '5');
    });
  });

  describe('shapeQueues', () => {
    it('counts buckets, totals and the oldest age per queue, with empty queues present', () => {
      const now = 1_000_000;
      const shapes = shapeQueues([
        { queue: 'deferred', arrivalTime: now - 60 },
        { queue: 'deferred', arrivalTime: now - 7 * 60 },
        { queue: 'deferred', arrivalTime: now - 2000 * 60 },
        { queue: 'hold', arrivalTime: now - 10 },
      ], now);
      strictEqual(shapes.deferred.total, 3);
      strictEqual(shapes.deferred.oldestAgeSeconds, 2000 * 60);
      strictEqual(shapes.deferred.buckets['5'], 1);
      strictEqual(shapes.deferred.buckets['10'], 1);
      strictEqual(shapes.deferred.buckets['1280p'], 1);
      strictEqual(Object.values(shapes.deferred.buckets).reduce((sum, count) => sum + count, 0), 3);
      strictEqual(shapes.hold.oldestAgeSeconds, 10);
      deepStrictEqual(Object.keys(shapes.active.buckets), ['5', '10', '20', '40', '80', '160', '320', '640', '1280', '1280p']);
      strictEqual(shapes.active.total, 0);
      strictEqual(shapes.maildrop.oldestAgeSeconds, 0);
    });
  });

  describe('maillog', () => {
    it('classifies each kind of line', () => {
      const kind = (line: string) => parseMaillogLine(line);
      deepStrictEqual(kind('Nov 25 13:40:02 h postfix/smtpd[1]: NOQUEUE: reject: RCPT from x[1.2.3.4]: 554 5.7.1 <a@b>: Relay access denied;'),
        { kind: 'rejected', replyClass: '5xx' });
      deepStrictEqual(kind('2026-11-25T13:40:02.1+00:00 h postfix/local[2]: AB12: to=<a@b>, status=sent (delivered)'), { kind: 'delivered' });
      deepStrictEqual(kind('Nov 25 13:40:02 h postfix/cleanup[3]: AB12: message-id=<x@y>'), { kind: 'received' });
      deepStrictEqual(kind('Nov 25 13:40:02 h postfix/qmgr[3]: AB12: message-id=<x@y>'), { kind: 'other' });
      deepStrictEqual(kind('Nov 25 13:40:02 h sshd[3]: Accepted publickey'), { kind: 'malformed' });
    });

    it('adds up the sample log exactly', () => {
      const counts = countLines(emptyCounts(), fixture('maillog.txt').split('\n').filter((line) => line !== ''));
      deepStrictEqual(counts, {
        received: 3, delivered: 1, deferred: 1, bounced: 1, expired: 1,
        rejected: { '4xx': 1, '5xx': 1 },
        lines: { counted: 9, other: 10, malformed: 2 },
      });
    });
  });
});
