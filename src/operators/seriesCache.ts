/**
 * What `validate` knows about each series of one stream, so that a series' name and tags are checked, cleaned and
 * composed with the fixed tags once, not at every reading: a source sends the same series reading after reading, and
 * only the timestamp and value change.
 *
 * A series is found by its metric and its tags' keys and values, in the order the source wrote them (a trie keyed by
 * metric, then key, value, key, value…; no key strings are built per point). Tags given as fixed replace the point's
 * own of the same key, so those are left out of the path. The answer for a series is either the cleaned metric with
 * the composed, cleaned tags — one frozen object shared by every point of the series, which encoders may cache on —
 * or the reason its points cannot be sent. A series not seen for `SWEEP_READINGS` readings is forgotten, so series
 * that come and go (containers, interfaces) do not accumulate.
 *
 * A source sends its series in the same order reading after reading, so before the trie is asked, a point is compared
 * with the point at its position in the last reading (metric, tag keys and values): when it is the same series, its
 * answer is taken from there without hashing a single string.
 */
import { checkDatum, freezeSeriesTags, type RejectReason } from '../datum.js';

/** Why a series' points are turned away: a rule of OpenTSDB's, or a metric the configuration never sends. */
export type SeriesRejectReason = RejectReason | 'drop_metrics';

export type Series =
  | { readonly ok: true; readonly metric: string; readonly tags: Readonly<Record<string, string>> }
  | { readonly ok: false; readonly reason: SeriesRejectReason };

export interface SeriesCacheConfig {
  /** Tags set on every series; they win over the series' own of the same key. */
  tags?: Readonly<Record<string, string>>;
  /** Metrics (as sent by the source, before cleaning) whose points are never sent. */
  exclude?: (metric: string) => boolean;
}

/** Readings between two sweeps; a series unseen for this many readings is dropped at the next sweep. */
export const SWEEP_READINGS = 64;

interface Node {
  children?: Map<string, Node>;
  series?: Series;
  seenAt?: number;
  /** Timestamp of the series' last point that was let through. */
  lastTimestamp?: number;
}

/** A point of the last reading, at its position, and the node its series is kept in. */
interface Seen {
  metric: string;
  tags: Readonly<Record<string, string>>;
  node: Node;
}

export class SeriesCache {
  private readonly root = new Map<string, Node>();
  private readonly fixed: Readonly<Record<string, string>>;
  private readonly fixedKeys: ReadonlySet<string>;
  private readonly exclude: (metric: string) => boolean;
  private reading = 0;
  private size = 0;
  /** The points of the last reading (the first `previousCount`) and of this one so far (the first `position`). */
  private previous: Seen[] = [];
  private previousCount = 0;
  private current: Seen[] = [];
  private position = 0;
  /** The node of the series `lookup` found last, for `claimSecond`. */
  private looked: Node | undefined;

  constructor(config: SeriesCacheConfig = {}) {
    this.fixed = { ...config.tags };
    this.fixedKeys = new Set(Object.keys(this.fixed));
    this.exclude = config.exclude ?? (() => false);
  }

  /** Series known now. */
  get series(): number {
    return this.size;
  }

  /** Marks the start of a reading; every SWEEP_READINGS readings the series not seen since the last sweep go. */
  startReading(): void {
    // the two lists swap; an entry is made only for a point that is not the series it was at its position last time
    [this.previous, this.current] = [this.current, this.previous];
    this.previousCount = this.position;
    this.position = 0;
    this.reading += 1;
    if (this.reading % SWEEP_READINGS === 0) this.sweep(this.reading - SWEEP_READINGS);
  }

  /** The series of a point with this metric and these tags (as the source made them). */
  lookup(metric: string, tags: Readonly<Record<string, string>>): Series {
    const position = this.position++;
    const before = position < this.previousCount ? this.previous[position] : undefined;
    let node: Node;
    if (before !== undefined && before.node.series !== undefined && before.metric === metric && sameTags(before.tags, tags)) {
      // the same series: the entry carries over as it is (keeping the new reading's objects would cost more than it says)
      node = before.node;
      this.current[position] = before;
    } else {
      node = this.find(metric, tags);
      this.current[position] = { metric, tags, node };
    }
    node.seenAt = this.reading;
    this.looked = node;
    if (node.series === undefined) {
      node.series = this.check(metric, tags);
      this.size += 1;
    }
    return node.series;
  }

  /**
   * Takes `timestamp` (seconds) for the series `lookup` found last: false when that series already had a point at this
   * very second. OpenTSDB keeps one point per series and second, and a store given two different values for one
   * second keeps either, or refuses the pair at compaction; a reading that comes late (a collector loaded at its
   * first reading, a slow query) and the next one on time can fall in one second. An earlier timestamp (the clock
   * was set back) is taken: dropping until the clock caught up would lose hours.
   */
  claimSecond(timestamp: number): boolean {
    const node = this.looked;
    if (node === undefined) return true;
    if (node.lastTimestamp === timestamp) return false;
    node.lastTimestamp = timestamp;
    return true;
  }

  /** The trie node of a series, made on the way if it is new. */
  private find(metric: string, tags: Readonly<Record<string, string>>): Node {
    let node = this.root.get(metric);
    if (node === undefined) {
      node = {};
      this.root.set(metric, node);
    }
    for (const key in tags) {
      if (this.fixedKeys.has(key)) continue;
      node = child(child(node, key), String(tags[key]));
    }
    return node;
  }

  private check(metric: string, tags: Readonly<Record<string, string>>): Series {
    if (this.exclude(metric)) return { ok: false, reason: 'drop_metrics' };
    // Value and timestamp are the point's own, checked per point; a valid pair stands in for them here.
    const checked = checkDatum({ metric, timestamp: 1, value: 0, tags: { ...tags, ...this.fixed } });
    if (!checked.ok) return { ok: false, reason: checked.reason };
    // checkDatum was given a fresh tags object (and returns it or a cleaned copy): no one else holds it
    return { ok: true, metric: checked.datum.metric, tags: freezeSeriesTags(checked.datum.tags) };
  }

  private sweep(before: number): void {
    for (const [metric, node] of this.root) if (this.prune(node, before)) this.root.delete(metric);
  }

  /** Drops the series under `node` last seen before `before`; true when nothing is left under it. */
  private prune(node: Node, before: number): boolean {
    if (node.series !== undefined && (node.seenAt ?? 0) < before) {
      node.series = undefined;
      this.size -= 1;
    }
    if (node.children !== undefined) {
      for (const [part, next] of node.children) if (this.prune(next, before)) node.children.delete(part);
      if (node.children.size === 0) node.children = undefined;
    }
    return node.series === undefined && node.children === undefined;
  }
}

/** Same keys with the same values (in any order). */
function sameTags(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  let keys = 0;
  for (const key in a) {
    if (a[key] !== b[key]) return false;
    keys += 1;
  }
  for (const _key in b) keys -= 1;
  return keys === 0;
}

function child(node: Node, part: string): Node {
  node.children ??= new Map();
  let next = node.children.get(part);
  if (next === undefined) {
    next = {};
    node.children.set(part, next);
  }
  return next;
}
