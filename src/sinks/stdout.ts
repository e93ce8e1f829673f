/**
 * A sink that prints: one line per datapoint, `metric{k=v,k=v} timestamp value` with tags sorted by key, for `--print`
 * and for the embedded default (no config file, no Host). Metadata is not printed.
 */
import type { Datum } from '../datum.js';
import type { Sink } from './sink.js';
import { silentLogger } from '../log.js';
import { SinkTelemetry } from '../telemetry.js';

export interface StdoutSinkOptions {
  /** Where the text goes. Default process.stdout. */
  write?: (text: string) => void;
  /** Name in stats and logs. Default 'stdout'. */
  name?: string;
  /**
   * Where it counts what it printed and dropped. Default: its own, silent.
   * @internal
   */
  telemetry?: SinkTelemetry;
}

/** The printed form of one datapoint. */
export function formatDatum(point: Datum): string {
  const tags = Object.keys(point.tags).sort().map((key) => `${key}=${point.tags[key]}`).join(',');
  return `${point.metric}{${tags}} ${point.timestamp} ${point.value}`;
}

export function createStdoutSink(options: StdoutSinkOptions = {}): Sink {
  const write = options.write ?? ((text: string) => void process.stdout.write(text));
  const telemetry = options.telemetry ?? new SinkTelemetry(silentLogger);
  let closed = false;
  return {
    name: options.name ?? 'stdout',
    write(batch) {
      if (batch.length === 0) return;
      if (closed) {
        telemetry.dropped(batch.length, { sink: 'stdout', reason: 'sink closed' });
        return;
      }
      // One write per batch: fewer syscalls, and lines of one batch are never interleaved with other output.
      write(batch.map((point) => `${formatDatum(point)}\n`).join(''));
      telemetry.delivered(batch.length);
    },
    writeMetadata: () => undefined,
    flush: () => Promise.resolve(true),
    close() {
      closed = true;
      return Promise.resolve([]);
    },
    stats: () => telemetry.snapshot(),
  };
}
