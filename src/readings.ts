/**
 * A source's readings as an async iterable, for programs that import one source and do not want to learn RxJS:
 *
 *   for await (const points of readings(createNetDevSource({}), { intervalMs: 10_000 })) console.log(points);
 *
 * Same guarantees as in the agent: readings never overlap, each is cancelled at its timeout, and a failed reading is
 * reported to `onError` and skipped instead of ending the loop. Breaking out of the loop stops polling.
 */
import { catchError, EMPTY } from './rx.js';
import { eachValueFrom } from 'rxjs-for-await';
import type { Datum } from './datum.js';
import { poll } from './operators/poll.js';
import { timeoutEach } from './operators/timeoutEach.js';
import type { Source } from './source.js';

export interface ReadingsConfig {
  /** Time between the starts of two readings. */
  intervalMs: number;
  /** A reading still running after this long is cancelled (default: intervalMs). */
  timeoutMs?: number;
  /** Called with the error of a failed or timed-out reading; the loop goes on. */
  onError?: (error: unknown) => void;
}

export function readings(source: Source, config: ReadingsConfig): AsyncIterable<Datum[]> {
  const { intervalMs, timeoutMs = intervalMs, onError } = config;
  const read = () => source.collect().pipe(
    timeoutEach(timeoutMs),
    catchError((error: unknown) => {
      onError?.(error);
      return EMPTY;
    }),
  );
  return eachValueFrom(poll(read, intervalMs));
}
