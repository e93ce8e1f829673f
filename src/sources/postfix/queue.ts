/**
 * Queue shape from `postqueue -j`: per queue, how many messages sit in each of qshape's age buckets, how many in all,
 * and how old the oldest one is. Pure functions; the source runs postqueue and hands the text over.
 */

/** The queues rs-collector reported, in qshape's order. */
export const QUEUES = ['maildrop', 'incoming', 'hold', 'active', 'deferred'] as const;
export type QueueName = (typeof QUEUES)[number];

/**
 * qshape's default bucket limits in minutes: a message younger than 5 minutes counts in "5", one between 5 and 10 in
 * "10", and so on; anything 1280 minutes or older goes to "1280p" (qshape's "1280+", `+` not being a tag character).
 */
export const BUCKET_LIMITS_MINUTES = [5, 10, 20, 40, 80, 160, 320, 640, 1280] as const;
export const OLDEST_BUCKET = '1280p';
export const BUCKETS: readonly string[] = [...BUCKET_LIMITS_MINUTES.map(String), OLDEST_BUCKET];

/** One queued message as far as the queue shape cares. */
export interface QueuedMessage {
  queue: QueueName;
  /** Unix seconds. */
  arrivalTime: number;
}

export interface QueueShape {
  /** Messages per bucket, every bucket present (zeros included) so graphs do not have gaps. */
  buckets: Record<string, number>;
  total: number;
  /** Age of the oldest message in seconds; 0 for an empty queue. */
  oldestAgeSeconds: number;
}

export interface ParsedQueue {
  messages: QueuedMessage[];
  /** Lines that were not a queue entry we understand (bad JSON, unknown queue, no arrival time). */
  skipped: number;
}

const isQueueName = (name: unknown): name is QueueName => QUEUES.includes(name as QueueName);

/** Parses `postqueue -j` output: one JSON object per line. */
export function parsePostqueueJson(text: string): ParsedQueue {
  const messages: QueuedMessage[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    let entry: unknown;
    try {
      entry = JSON.parse(line);
    } catch {
      skipped += 1;
      continue;
    }
    const { queue_name: queue, arrival_time: arrivalTime } = (entry ?? {}) as Record<string, unknown>;
    if (isQueueName(queue) && typeof arrivalTime === 'number' && Number.isFinite(arrivalTime)) {
      messages.push({ queue, arrivalTime });
    } else {
      skipped += 1;
    }
  }
  return { messages, skipped };
}

/** The bucket a message of `ageSeconds` falls in. A clock step backwards (negative age) counts as brand new. */
export function bucketOf(ageSeconds: number): string {
  const minutes = Math.max(0, ageSeconds) / 60;
  const limit = BUCKET_LIMITS_MINUTES.find((bucketLimit) => minutes < bucketLimit);
  return limit === undefined ? OLDEST_BUCKET : String(limit);
}

/** Shapes every queue (all of QUEUES, empty ones included) as seen at `nowSeconds`. */
export function shapeQueues(messages: readonly QueuedMessage[], nowSeconds: number): Record<QueueName, QueueShape> {
  const shapes = {} as Record<QueueName, QueueShape>;
  for (const queue of QUEUES) {
    shapes[queue] = { buckets: Object.fromEntries(BUCKETS.map((bucket) => [bucket, 0])), total: 0, oldestAgeSeconds: 0 };
  }
  for (const message of messages) {
    const shape = shapes[message.queue];
    const age = Math.max(0, nowSeconds - message.arrivalTime);
    const bucket = bucketOf(age);
    shape.buckets[bucket] = (shape.buckets[bucket] ?? 0) + 1;
    shape.total += 1;
    shape.oldestAgeSeconds = Math.max(shape.oldestAgeSeconds, age);
  }
  return shapes;
}
