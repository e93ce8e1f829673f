import { type MetricMeta } from '../../datum.js';
import { QUEUES } from './queue.js';

export const queueMetrics: MetricMeta[] = QUEUES.map((queue) => ({
  metric: `postfix.queues.${queue}`,
  rate: 'gauge',
  unit: 'messages',
  desc: `Messages in the ${queue} queue per qshape age bucket (minutes; 1280p = older than 1280).`,
  tags: ['bucket'],
}));

export const counter = (name: string, desc: string, tags?: string[]): MetricMeta => ({
  metric: `postfix.messages.${name}`, rate: 'counter', unit: 'messages', desc, ...(tags ? { tags } : {}),
});

export const METRICS: readonly MetricMeta[] = [
  ...queueMetrics,
  { metric: 'postfix.queue.length', rate: 'gauge', unit: 'messages', desc: 'Messages in the queue, all ages.', tags: ['queue'] },
  { metric: 'postfix.queue.oldest_age', rate: 'gauge', unit: 'seconds', desc: 'Age of the oldest message in the queue (0 when empty).', tags: ['queue'] },
  counter('received', 'Messages accepted into the queue (cleanup logged their message-id), since the agent started.'),
  counter('delivered', 'Deliveries with status=sent (one per recipient), since the agent started.'),
  counter('deferred', 'Delivery attempts with status=deferred (one per recipient and attempt), since the agent started.'),
  counter('bounced', 'Deliveries with status=bounced (one per recipient), since the agent started.'),
  counter('expired', 'Messages returned to the sender after maximal_queue_lifetime (status=expired), since the agent started.'),
  counter('rejected', 'Mail refused by smtpd, cleanup or a milter, by reply code class (4xx, 5xx), since the agent started.', ['class']),
  { metric: 'postfix.maillog.lines', rate: 'counter', unit: 'lines', desc: 'Mail log lines read: counted (an event above), other (a Postfix line of no interest), malformed (not a Postfix line).', tags: ['kind'] },
];
