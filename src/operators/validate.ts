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
 * Each point is held to `checkDatum`'s rules: invalid characters in names are cleaned; NaN/Infinity, more than 8 tags,
 * no tags, a bad timestamp or a name with nothing valid left reject the point, and `onReject` hears the point and the
 * reason (the pipeline counts them per reason). A reading left empty is dropped.
 *
 * Name and tags are checked once per series, not per point (see seriesCache.ts): `tags` given here are composed in
 * first (they win over the point's own), `exclude` drops a metric before any check ('drop_metrics'), and the points that
 * leave share one frozen tags object per series. Only value and timestamp are checked on every point. A second point of
 * a series in the same second as its last one is turned away ('same_second': OpenTSDB keeps one per second). The
 * points that come in are never mutated.
 */
import { defer, filter, map, type MonoTypeOperatorFunction } from '../rx.js';
import type { Datum } from '../datum.js';
import { SeriesCache, type Series, type SeriesRejectReason } from './seriesCache.js';

export type { SeriesRejectReason } from './seriesCache.js';

/** Why `validate` turns a point away: its series' or its own fault, or a second point of its series in one second. */
export type ValidateRejectReason = SeriesRejectReason | 'same_second';

export interface ValidateConfig {
  /** Called for every rejected point with the point as it came in and why it cannot be sent. */
  onReject?: (datum: Datum, reason: ValidateRejectReason) => void;
  /** Tags set on every point before it is checked; they win over the point's own of the same key. */
  tags?: Readonly<Record<string, string>>;
  /** Metrics never sent (DropMetrics), matched on the name as it came in; their points are rejected as 'drop_metrics'. */
  exclude?: (metric: string) => boolean;
}

export function validate(config: ValidateConfig = {}): MonoTypeOperatorFunction<Datum[]> {
  const { onReject } = config;
  return (source) => defer(() => {
    const cache = new SeriesCache(config);
    return source.pipe(
      map((points) => {
        cache.startReading();
        const kept: Datum[] = [];
        for (const point of points) {
          const series = cache.lookup(point.metric, point.tags);
          const reason = rejectReason(point, series) ?? (cache.claimSecond(point.timestamp) ? undefined : 'same_second');
          if (reason !== undefined) onReject?.(point, reason);
          else if (series.ok) kept.push({ metric: series.metric, timestamp: point.timestamp, value: point.value, tags: series.tags });
        }
        return kept;
      }),
      filter((kept) => kept.length > 0),
    );
  });
}

/**
 * DropMetrics first (a metric never sent is not counted as invalid), then the point's own value and timestamp, then its
 * series' name and tags: checkDatum's order, so a point gets the reason it always got.
 */
function rejectReason(point: Datum, series: Series): SeriesRejectReason | undefined {
  if (!series.ok && series.reason === 'drop_metrics') return 'drop_metrics';
  if (typeof point.value !== 'number' || !Number.isFinite(point.value)) return 'not_finite';
  if (!Number.isFinite(point.timestamp) || point.timestamp <= 0) return 'bad_timestamp';
  return series.ok ? undefined : series.reason;
}
