/**
 * What one Postfix mail-log line means for the send/receive statistics. Pure; the follower reads the lines and the
 * source adds the events up.
 */

/**
 * - `received`: cleanup logged the message-id of a message it accepted into the queue — once per message, unlike
 *   qmgr's `from=` line, which repeats every time a deferred message is retried.
 * - `delivered` / `deferred` / `bounced`: one delivery attempt per recipient (`status=sent|deferred|bounced`).
 * - `expired`: qmgr gave up on a message that stayed longer than `maximal_queue_lifetime`.
 * - `rejected`: smtpd (or cleanup/milter) refused mail; `replyClass` is "4xx" or "5xx".
 * - `other`: a Postfix line that is none of the above (connect, disconnect, warnings...).
 * - `malformed`: not a Postfix log line at all.
 */
export type MaillogEvent =
  | { kind: 'received' | 'delivered' | 'deferred' | 'bounced' | 'expired' | 'other' | 'malformed' }
  | { kind: 'rejected'; replyClass: '4xx' | '5xx' };

/** `postfix/smtpd[123]: ` or, with a multi-instance syslog_name, `postfix-out/smtp[9]: `. */
const POSTFIX_LINE = /\spostfix(?:-[\w.-]+)?\/([\w/-]+)\[\d+\]: (.*)$/;
const STATUS = /\bstatus=(sent|deferred|bounced|expired)\b/;
const REJECT = /\b(?:milter-)?reject: .*?: ([45])\d\d[ -]/;
const MESSAGE_ID = /^[0-9A-Za-z]+: (?:resent-)?message-id=/;

export function parseMaillogLine(line: string): MaillogEvent {
  const match = POSTFIX_LINE.exec(line);
  if (match === null) return { kind: 'malformed' };
  const program = match[1] ?? '';
  const text = match[2] ?? '';
  const status = STATUS.exec(text);
  if (status !== null) {
    const value = status[1];
    if (value === 'sent') return { kind: 'delivered' };
    if (value === 'deferred' || value === 'bounced' || value === 'expired') return { kind: value };
  }
  const reject = REJECT.exec(text);
  if (reject !== null) return { kind: 'rejected', replyClass: reject[1] === '4' ? '4xx' : '5xx' };
  if (program.endsWith('cleanup') && MESSAGE_ID.test(text)) return { kind: 'received' };
  return { kind: 'other' };
}

/** Running totals since the source started; the source sends them as counters. */
export interface MaillogCounts {
  received: number;
  delivered: number;
  deferred: number;
  bounced: number;
  expired: number;
  rejected: { '4xx': number; '5xx': number };
  lines: { counted: number; other: number; malformed: number };
}

export function emptyCounts(): MaillogCounts {
  return {
    received: 0, delivered: 0, deferred: 0, bounced: 0, expired: 0,
    rejected: { '4xx': 0, '5xx': 0 },
    lines: { counted: 0, other: 0, malformed: 0 },
  };
}

/** Adds the events of `lines` to `counts` (mutated: totals are kept across readings). */
export function countLines(counts: MaillogCounts, lines: readonly string[]): MaillogCounts {
  for (const line of lines) {
    const event = parseMaillogLine(line);
    switch (event.kind) {
      case 'other':
      case 'malformed':
        counts.lines[event.kind] += 1;
        continue;
      case 'rejected':
        counts.rejected[event.replyClass] += 1;
        break;
      default:
        counts[event.kind] += 1;
    }
    counts.lines.counted += 1;
  }
  return counts;
}
