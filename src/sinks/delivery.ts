/**
 * The datapoint loop of an `/api/put` sink: take the oldest batch from the queue, encode, POST, and act on the answer
 * (ok / split / retry). One request is in flight at a time and a failed batch is retried before anything newer, so the
 * order of points per series holds; a slow receiver makes the bounded queue fill instead of requests piling up.
 *
 * The head batch leaves the queue only when it is done (see batchQueue.ts): with a spool, that is when it is
 * acknowledged on disk. After a 400 the head is split into parts that are sent in order: points that fail the local
 * OpenTSDB rules are discarded at once, otherwise the part is halved until the refused points are isolated. Isolation
 * is bounded: after a few refusals in a row every request waits a backoff (a receiver that refuses everything gets
 * a trickle, not a storm), and once a batch has used its budget of requests, a refused part is discarded whole.
 */
import { Subject } from '../rx.js';
import { bufferedValuesFrom } from 'rxjs-for-await';
import { checkDatum, type Datum } from '../datum.js';
import { classifyAnswer, type Verdict } from './answer.js';
import { backoffDelayMs, type BackoffConfig, type Sleep } from '../backoff.js';
import type { BatchQueue } from './batchQueue.js';
import { encodeJson } from './encode.js';
import type { SinkTelemetry } from '../telemetry.js';
import type { Transport } from './transport.js';

/** Refusals in a row that are answered at once; from the next one on, each request waits a backoff first. */
export const FREE_REFUSALS = 4;
/** Requests one batch may take to isolate its refused points; beyond it a refused part is discarded whole. */
export const ISOLATION_BUDGET = 24;

export interface DeliveryConfig {
  transport: Transport;
  queue: BatchQueue;
  /** Where deliveries, drops, refusals and failures are reported. */
  telemetry: SinkTelemetry;
  /** Request path below the endpoint's base path, `/api/put`. */
  path: string;
  gzip: boolean;
  maxBatchPoints: number;
  /** Between attempts that got no answer (connection refused, reset, timeout). */
  backoff: BackoffConfig;
  /** Between attempts answered 5xx or 429 (the receiver is up but cannot take more now). Default: `backoff`. */
  overloadBackoff?: BackoffConfig;
  random: () => number;
  sleep: Sleep;
  /** Safe-to-log receiver address, for log lines. */
  display: string;
  /** Cap on datapoints sent per second, so a fleet catching up after an outage cannot flood the receiver; 0: none. */
  maxPointsPerSecond?: number;
  /** The clock the cap is paced by; tests inject one that `sleep` advances. Default Date.now. */
  now?: () => number;
}

export interface Delivery {
  write(points: readonly Datum[]): void;
  /** Points not yet acknowledged, the batch being delivered included. */
  readonly queued: number;
  flush(timeoutMs: number): Promise<boolean>;
  /** Stops for good (aborting a request in flight) and returns every point only memory held, oldest first. */
  stop(): Promise<Datum[]>;
}

export function createDelivery(config: DeliveryConfig): Delivery {
  const { transport, queue, telemetry, path, gzip, maxBatchPoints, backoff, random, sleep, display } = config;
  const { maxPointsPerSecond = 0, now = Date.now, overloadBackoff = backoff } = config;

  /** The head batch being delivered, as parts still to send (one part per maxBatchPoints until a 400 splits it). */
  let held: Datum[][] = [];
  let failures = 0;
  let refusedInARow = 0;
  /** Requests the head batch has taken since its first refusal. */
  let isolationRequests = 0;
  let stopped = false;
  /** With a rate cap: when the next request may start, so that points sent so far fit the cap. */
  let nextSendAtMs = Number.NEGATIVE_INFINITY;
  const stopping = new AbortController();
  /** Aborted to cut a backoff wait short (flush, stop); replaced after each use. */
  let wake = new AbortController();
  const flushWaiters = new Set<() => void>();
  const written$ = new Subject<void>();

  const isEmpty = (): boolean => queue.size === 0;

  // bufferedValuesFrom turns the writes that arrive during a drain into one more turn of the loop, never into
  // overlapping drains; the queue itself is what carries the data.
  // A write during a drain is seen by the drain itself and signals nothing, so a long outage cannot pile up signals.
  let draining = false;
  const running = (async () => {
    for await (const _writes of bufferedValuesFrom(written$)) {
      draining = true;
      while (!stopped && !isEmpty()) {
        if (held.length === 0 && !takeHead()) break;
        await deliverFirstPart();
        if (held.length === 0 && !stopped) queue.done();
        if (isEmpty()) settleFlushes();
      }
      draining = false;
    }
  })().catch((error: unknown) => {
    telemetry.log.error({ err: error, receiver: display }, 'sink delivery loop failed: datapoints are no longer sent');
  });
  // A durable queue may hold batches from the last run: they go first, whatever the receiver does meanwhile.
  if (!isEmpty()) written$.next();

  function takeHead(): boolean {
    const batch = queue.head();
    if (batch === undefined) return false;
    held = [];
    for (let i = 0; i < batch.length; i += maxBatchPoints) held.push(batch.slice(i, i + maxBatchPoints));
    isolationRequests = 0;
    return true;
  }

  function settleFlushes(): void {
    for (const settle of flushWaiters) settle();
  }

  async function pause(ms: number): Promise<void> {
    await sleep(ms, wake.signal);
    if (wake.signal.aborted) wake = new AbortController();
  }

  async function deliverFirstPart(): Promise<void> {
    const part = held[0];
    if (part === undefined) return;
    if (refusedInARow > FREE_REFUSALS) await pause(backoffDelayMs(refusedInARow - FREE_REFUSALS, backoff, random));
    await keepToRate(part.length);
    if (stopped) return;
    const { body, headers } = await encodeJson(part, gzip);
    const answer = await transport.post(path, body, headers, stopping.signal);
    if (stopped) return;
    // A request that never reached the receiver (refused connection, timeout) did not load it: no charge to the cap.
    if (answer.status === undefined) refundRate(part.length);
    const verdict: Verdict = classifyAnswer(answer.status);
    if (verdict === 'ok') {
      failures = 0;
      refusedInARow = 0;
      held.shift();
      telemetry.delivered(part.length);
    } else if (verdict === 'split') {
      failures = 0;
      refusedInARow += 1;
      isolationRequests += 1;
      split(part, answer.status, answer.detail);
    } else {
      failures += 1;
      telemetry.sendFailed({ receiver: display, status: answer.status, detail: answer.detail, failures });
      // No answer: the receiver is down, and a probe costs it nothing, so the short curve finds it back within
      // seconds. An answer (5xx, 429): it is up but struggling, so the long curve spreads a fleet's retries out.
      await pause(backoffDelayMs(failures, answer.status === undefined ? backoff : overloadBackoff, random));
    }
  }

  /** Waits until sending `points` more stays within the cap (answered retries count too: they load the receiver). */
  async function keepToRate(points: number): Promise<void> {
    if (maxPointsPerSecond <= 0) return;
    const waitMs = nextSendAtMs - now();
    if (waitMs > 0) await sleep(waitMs, stopping.signal);
    nextSendAtMs = Math.max(now(), nextSendAtMs) + (points / maxPointsPerSecond) * 1000;
  }

  function refundRate(points: number): void {
    if (maxPointsPerSecond > 0) nextSendAtMs -= (points / maxPointsPerSecond) * 1000;
  }

  function split(part: Datum[], status: number | undefined, detail: string): void {
    const fixed: Datum[] = [];
    let firstInvalid: Datum | undefined;
    let changed = false;
    for (const point of part) {
      const checked = checkDatum(point);
      if (checked.ok) fixed.push(checked.datum);
      else firstInvalid ??= point;
      if (!checked.ok || checked.datum !== point) changed = true;
    }
    if (changed) {
      // Locally invalid points are certain culprits: drop them, clean what can be cleaned, and try the rest whole.
      discard(part.length - fixed.length, firstInvalid, status, detail);
      replaceFirstPart(fixed.length === 0 ? [] : [fixed]);
    } else if (part.length === 1 || isolationRequests >= ISOLATION_BUDGET) {
      discard(part.length, part[0], status, detail);
      replaceFirstPart([]);
    } else {
      const middle = Math.ceil(part.length / 2);
      replaceFirstPart([part.slice(0, middle), part.slice(middle)]);
    }
  }

  function replaceFirstPart(parts: Datum[][]): void {
    held.shift();
    held.unshift(...parts);
  }

  function discard(count: number, example: Datum | undefined, status: number | undefined, detail: string): void {
    telemetry.refused(count, { receiver: display, status, detail, metric: example?.metric });
  }

  return {
    get queued() {
      return queue.size;
    },
    write(points) {
      if (points.length === 0) return;
      if (stopped) {
        telemetry.dropped(points.length, { receiver: display, reason: 'sink closed' });
        return;
      }
      const dropped = queue.push(points);
      // A durable queue counts its own drops (as spool drops); a memory queue's are the sink's to count.
      if (!queue.durable) telemetry.dropped(dropped, { receiver: display, queued: queue.size });
      if (!draining) written$.next();
    },
    flush(timeoutMs) {
      if (isEmpty()) return Promise.resolve(true);
      if (stopped) return Promise.resolve(false);
      // Whoever flushes (shutdown, usually) wants an attempt now rather than at the end of a long backoff.
      wake.abort();
      return new Promise((resolve) => {
        const settle = (): void => {
          clearTimeout(timer);
          flushWaiters.delete(settle);
          resolve(isEmpty());
        };
        const timer = setTimeout(settle, timeoutMs);
        flushWaiters.add(settle);
      });
    },
    async stop() {
      if (!stopped) {
        stopped = true;
        stopping.abort();
        wake.abort();
        written$.complete();
        await running;
        settleFlushes();
      }
      const rest = queue.release(held.flat());
      held = [];
      return rest;
    },
  };
}
