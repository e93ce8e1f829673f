/**
 * Postfix: the queue shape (rs-collector's `postfix.queues.<queue>` with qshape's age buckets, computed from
 * `postqueue -j` instead of the slow qshape script) and send/receive statistics from the mail log.
 */
import { CommandError, fromAbortable, runCommand } from '../abortable.js';
import { datum, nowSeconds, type Datum } from '../../datum.js';
import { sourceContext, type Source, type SourceContext } from '../../source.js';
import { LogFollower } from './follow.js';
import { countLines, emptyCounts, type MaillogCounts } from './maillog.js';
import { parsePostqueueJson, shapeQueues } from './queue.js';
import { METRICS } from './metrics.js';
import { POSTFIX_DEFAULTS } from './defaults.js';

export { POSTFIX_DEFAULTS } from './defaults.js';

export interface PostfixOptions {
  /** The `postqueue` binary, run without a shell. */
  postqueuePath: string;
  /** Postfix configuration directory for `postqueue -c`; '' uses Postfix's default (/etc/postfix). */
  configDirectory: string;
  /** The mail log to follow (Postfix's `maillog_file` or syslog's file); '' turns the statistics off. */
  logFile: string;
  /** Collect the queue shape. */
  queues: boolean;
  /** Collect the send/receive statistics from `logFile`. */
  statistics: boolean;
}

const MAX_POSTQUEUE_BYTES = 512 * 1024 * 1024;

export function createPostfixSource(options: Partial<PostfixOptions> = {}, context: Partial<SourceContext> = {}): Source {
  const config: PostfixOptions = { ...POSTFIX_DEFAULTS, ...options };
  const { log, skip } = sourceContext(context);
  const follower = config.statistics && config.logFile !== '' ? new LogFollower(config.logFile) : undefined;
  const counts = emptyCounts();
  async function readQueues(signal: AbortSignal): Promise<Datum[]> {
    const args = config.configDirectory === '' ? ['-j'] : ['-c', config.configDirectory, '-j'];
    const text = await runPostqueue(config.postqueuePath, args, signal);
    const parsed = parsePostqueueJson(text);
    skip(parsed.skipped, 'postfix: postqueue lines not understood');
    const now = nowSeconds();
    const points: Datum[] = [];
    for (const [queue, shape] of Object.entries(shapeQueues(parsed.messages, now))) {
      for (const [bucket, count] of Object.entries(shape.buckets)) {
        points.push(datum(`postfix.queues.${queue}`, count, { bucket }, now));
      }
      points.push(datum('postfix.queue.length', shape.total, { queue }, now));
      points.push(datum('postfix.queue.oldest_age', shape.oldestAgeSeconds, { queue }, now));
    }
    return points;
  }

  let warnedMissing = false;
  let logTurn: Promise<unknown> = Promise.resolve();
  async function readStatistics(logFollower: LogFollower): Promise<Datum[]> {
    const lines = await logFollower.readLines();
    if (!logFollower.following && !warnedMissing) {
      log.warn({ logFile: logFollower.path }, 'postfix: cannot open the mail log; the statistics stay at 0 until it appears');
    }
    warnedMissing = !logFollower.following;
    const before = counts.lines.malformed;
    countLines(counts, lines);
    if (counts.lines.malformed > before) {
      log.debug({ malformed: counts.lines.malformed - before }, 'postfix: mail log lines that are not Postfix lines');
    }
    return countsToData(counts, nowSeconds());
  }

  return {
    name: 'postfix',
    metadata: METRICS,
    collect: () => fromAbortable(async (signal) => {
      const readings: Promise<Datum[]>[] = [];
      if (config.queues) readings.push(readQueues(signal));
      if (follower !== undefined) {
        // A cancelled reading's file reads still finish; the next reading waits for them so no byte is read twice.
        const statistics = logTurn.then(() => readStatistics(follower));
        logTurn = statistics.catch(() => undefined);
        readings.push(statistics);
      }
      return (await Promise.all(readings)).flat();
    }),
    async close() {
      await follower?.close();
    },
  };
}

function countsToData(counts: MaillogCounts, now: number): Datum[] {
  return [
    datum('postfix.messages.received', counts.received, {}, now),
    datum('postfix.messages.delivered', counts.delivered, {}, now),
    datum('postfix.messages.deferred', counts.deferred, {}, now),
    datum('postfix.messages.bounced', counts.bounced, {}, now),
    datum('postfix.messages.expired', counts.expired, {}, now),
    datum('postfix.messages.rejected', counts.rejected['4xx'], { class: '4xx' }, now),
    datum('postfix.messages.rejected', counts.rejected['5xx'], { class: '5xx' }, now),
    ...Object.entries(counts.lines).map(([kind, value]) => datum('postfix.maillog.lines', value, { kind }, now)),
  ];
}

/** Runs postqueue; a missing binary becomes an error that says what to do rather than a bare ENOENT. */
async function runPostqueue(path: string, args: string[], signal: AbortSignal): Promise<string> {
  try {
    return await runCommand(path, args, signal, { maxBuffer: MAX_POSTQUEUE_BYTES });
  } catch (error) {
    if (error instanceof CommandError && error.code === 'ENOENT') {
      throw new Error(`postfix: ${path} not found (is Postfix installed? set Postfix.PostqueuePath)`);
    }
    throw error;
  }
}

export { METRICS } from './metrics.js';
