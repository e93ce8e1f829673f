/**
 * Keeps Bosun's metadata current: the complete set is POSTed to `/api/metadata/put` as soon as it is known, again
 * whenever it changes and every `intervalMs` (Bosun forgets what it is not told again after a restart). Failures are
 * retried with backoff. It runs on its own connection and loop, so it never blocks or delays datapoints.
 */
import type { MetricMeta } from '../datum.js';
import { backoffDelayMs, type BackoffConfig, type Sleep } from '../backoff.js';
import { encodeJson } from './encode.js';
import type { SinkTelemetry } from '../telemetry.js';
import type { Transport } from './transport.js';

/** One entry of Bosun's `/api/metadata/put` array. */
export interface MetadataEntry {
  Metric: string;
  Name: 'rate' | 'unit' | 'desc';
  Value: string;
}

export interface MetadataSenderConfig {
  transport: Transport;
  intervalMs: number;
  backoff: BackoffConfig;
  random: () => number;
  sleep: Sleep;
  telemetry: SinkTelemetry;
  display: string;
}

export interface MetadataSender {
  /** Replaces the complete set; a set equal to the current one changes nothing. */
  update(all: readonly MetricMeta[]): void;
  stop(): Promise<void>;
}

/** The entries for a set, one per metric and field, sorted so equal sets give equal arrays; empty fields left out. */
export function metadataEntries(all: readonly MetricMeta[]): MetadataEntry[] {
  const byMetric = new Map<string, MetricMeta>();
  for (const meta of all) byMetric.set(meta.metric, meta);
  const entries: MetadataEntry[] = [];
  for (const metric of [...byMetric.keys()].sort()) {
    const meta = byMetric.get(metric);
    if (meta === undefined) continue;
    for (const [name, value] of [['rate', meta.rate], ['unit', meta.unit], ['desc', meta.desc]] as const) {
      if (value !== '') entries.push({ Metric: metric, Name: name, Value: value });
    }
  }
  return entries;
}

export function createMetadataSender(config: MetadataSenderConfig): MetadataSender {
  const { transport, intervalMs, backoff, random, sleep, telemetry, display } = config;
  let entries: MetadataEntry[] = [];
  /** Identity of the current set; '' while nothing is known. */
  let currentKey = '';
  let stopped = false;
  const stopping = new AbortController();
  /** Aborted when the set changes or the sender stops, to end a wait early; replaced after each use. */
  let wake = new AbortController();

  const running = (async () => {
    let failures = 0;
    while (!stopped) {
      const key = currentKey;
      let waitMs = Infinity;
      if (key !== '') {
        const { body, headers } = await encodeJson(entries, false);
        const answer = await transport.post('/api/metadata/put', body, headers, stopping.signal);
        if (answer.status !== undefined && answer.status >= 200 && answer.status < 300) {
          failures = 0;
          waitMs = intervalMs;
        } else if (!stopped) {
          failures += 1;
          telemetry.metadataFailed({ receiver: display, status: answer.status, detail: answer.detail, failures });
          waitMs = backoffDelayMs(failures, backoff, random);
        }
      }
      if (stopped || currentKey !== key) continue;
      await pause(waitMs);
    }
  })().catch((error: unknown) => {
    telemetry.log.error({ err: error, receiver: display }, 'metadata loop failed: metadata is no longer sent');
  });

  async function pause(ms: number): Promise<void> {
    const signal = wake.signal;
    if (ms === Infinity) {
      await new Promise<void>((resolve) => {
        if (signal.aborted) resolve();
        else signal.addEventListener('abort', () => resolve(), { once: true });
      });
    } else {
      await sleep(ms, signal);
    }
    if (signal.aborted) wake = new AbortController();
  }

  return {
    update(all) {
      const next = metadataEntries(all);
      const key = JSON.stringify(next);
      if (next.length === 0 || key === currentKey) return;
      entries = next;
      currentKey = key;
      wake.abort();
    },
    async stop() {
      stopped = true;
      stopping.abort();
      wake.abort();
      await running;
    },
  };
}
