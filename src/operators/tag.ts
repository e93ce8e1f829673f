/**
 * `tag` — sets the same tags on every point of every reading.
 *
 * ```text
 * input      --a-----b--      a = [cpu {host=web1}]      b = [mem {host=web1, dc=ams}]
 * tag({ dc: 'lon' })
 * output     --A-----B--      A = [cpu {host=web1, dc=lon}]  B = [mem {host=web1, dc=lon}]
 * ```
 *
 * Given tags win over a point's own tags of the same key. Points are copied, never mutated: a source may keep and
 * reuse the objects it emitted. (The pipeline does not use it: it gives source and global tags, composed, to
 * `validate`, which applies them once per series.)
 */
import { map, type MonoTypeOperatorFunction } from '../rx.js';
import type { Datum } from '../datum.js';

export function tag(tags: Record<string, string>): MonoTypeOperatorFunction<Datum[]> {
  const fixed = { ...tags };
  return map((points) => points.map((point) => ({ ...point, tags: { ...point.tags, ...fixed } })));
}
