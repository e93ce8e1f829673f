/**
 * The Bosun sink: the OpenTSDB `/api/put` sink plus Bosun's metadata (`/api/metadata/put`), which Bosun uses to show
 * rate, unit and description next to each metric.
 */
import type { Sink } from './sink.js';
import { createMetadataSender } from './metadataSender.js';
import { createPutSinkParts, putSink, type OpenTsdbSinkOptions } from './opentsdb.js';

export interface BosunSinkOptions extends OpenTsdbSinkOptions {
  /** Metadata is re-sent this often even when unchanged, in milliseconds. Default one hour. */
  metadataIntervalMs?: number;
}

export const BOSUN_SINK_DEFAULTS = { metadataIntervalMs: 3_600_000 } as const;

export function createBosunSink(options: BosunSinkOptions): Sink {
  // Two connections: datapoints and metadata each have their own, so neither waits behind the other.
  const parts = createPutSinkParts(options, 2);
  const metadata = createMetadataSender({
    transport: parts.transport,
    intervalMs: options.metadataIntervalMs ?? BOSUN_SINK_DEFAULTS.metadataIntervalMs,
    backoff: parts.backoff,
    random: parts.random,
    sleep: parts.sleep,
    telemetry: parts.telemetry,
    display: parts.endpoint.display,
  });
  return putSink(options.name ?? 'bosun', parts, {
    writeMetadata: (all) => metadata.update(all),
    stopExtra: () => metadata.stop(),
  });
}
