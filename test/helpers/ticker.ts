/**
 * A source beside the one under test in the resilience tests: one `test.ticker` point per reading, so a test can see
 * that the pipeline keeps polling it while the other collector hangs or fails. Each reading is stamped a second after
 * the last, whatever its interval: the pipeline lets one point per series and second through.
 */
import { defer, of } from 'rxjs';
import { datum } from '../../src/datum.js';
import type { Source } from '../../src/source.js';

export const TICKER_METRIC = 'test.ticker';

export function tickerSource(): Source {
  let ticks = 0;
  return {
    name: 'ticker',
    metadata: [],
    collect: () => defer(() => {
      ticks += 1;
      return of([datum(TICKER_METRIC, ticks, {}, 1_700_000_000 + ticks)]);
    }),
  };
}
