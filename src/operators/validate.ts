/**
 * `validate` — keeps only points OpenTSDB will accept, cleaning what can be cleaned.
 *
 * ```text
 * input      --a----b----c--     a = [ok, NaN]   b = [Infinity]   c = ["disk used"]
 * validate({ onReject })
 * output     --A---------C--     A = [ok]        b is dropped     C = [disk_used]
 * onReject     ^    ^            (NaN, 'not_finite'), (Infinity, 'not_finite')
 * ```
 *
 * Each point goes through `checkDatum`: invalid characters in names are cleaned; NaN/Infinity, more than 8 tags, no
 * tags, a bad timestamp or a name with nothing valid left reject the point, and `onReject` hears the point and the
 * reason (the pipeline counts them per reason). A reading left empty is dropped.
 */
import { filter, map, pipe, type MonoTypeOperatorFunction } from 'rxjs';
import { checkDatum, type Datum, type RejectReason } from '../datum.js';

export interface ValidateConfig {
  /** Called for every rejected point with the point as it came in and why it cannot be sent. */
  onReject?: (datum: Datum, reason: RejectReason) => void;
}

export function validate(config: ValidateConfig = {}): MonoTypeOperatorFunction<Datum[]> {
  const { onReject } = config;
  return pipe(
    map((points) => {
      const kept: Datum[] = [];
      for (const point of points) {
        const checked = checkDatum(point);
        if (checked.ok) kept.push(checked.datum);
        else onReject?.(point, checked.reason);
      }
      return kept;
    }),
    filter((kept) => kept.length > 0),
  );
}
