/**
 * What to do with a receiver's answer to a batch — the one question the delivery loop asks per response.
 * - ok: acknowledged (Bosun answers 204).
 * - split: the receiver refused the content (400; 413 too large): some points are bad or the batch too big, so
 *   retrying it unchanged would wedge the queue. Isolate the bad points instead.
 * - retry: the receiver or the way to it is in trouble (network error, timeout, 5xx, 429, and also 401/403/404,
 *   which are configuration problems that dropping data would not fix). Wait and send the same batch again.
 */
export type Verdict = 'ok' | 'split' | 'retry';

/** `status` undefined means no HTTP answer at all (network error, timeout). */
export function classifyAnswer(status: number | undefined): Verdict {
  if (status === undefined) return 'retry';
  if (status >= 200 && status < 300) return 'ok';
  if (status === 400 || status === 413) return 'split';
  return 'retry';
}
