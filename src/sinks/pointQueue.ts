/**
 * The sink's in-memory buffer, bounded in datapoints: when full, the oldest points make room for the newest (a
 * receiver that comes back wants the recent data) and the caller learns how many were dropped.
 */
import type { Datum } from '../datum.js';

export interface PointQueue {
  /** Appends `points`; returns how many of the oldest points (queued or just given) were dropped to stay in bounds. */
  push(points: readonly Datum[]): number;
  /** Removes and returns up to `max` points from the head, oldest first. */
  take(max: number): Datum[];
  /** Removes and returns everything, oldest first. */
  takeAll(): Datum[];
  readonly size: number;
}

export function createPointQueue(maxPoints: number): PointQueue {
  if (!Number.isInteger(maxPoints) || maxPoints < 1) throw new RangeError(`maxQueuePoints must be an integer >= 1, got ${maxPoints}`);
  let items: Datum[] = [];
  // Removing from the front moves `head` instead of shifting, and the array is compacted once half of it is dead.
  let head = 0;

  const size = (): number => items.length - head;
  const compact = (): void => {
    if (head > 1024 && head * 2 > items.length) {
      items = items.slice(head);
      head = 0;
    }
  };

  return {
    get size() {
      return size();
    },
    push(points) {
      if (points.length >= maxPoints) {
        const dropped = size() + points.length - maxPoints;
        items = points.slice(points.length - maxPoints);
        head = 0;
        return dropped;
      }
      for (const point of points) items.push(point);
      const dropped = Math.max(0, size() - maxPoints);
      head += dropped;
      compact();
      return dropped;
    },
    take(max) {
      const taken = items.slice(head, head + max);
      head += taken.length;
      compact();
      return taken;
    },
    takeAll() {
      const taken = items.slice(head);
      items = [];
      head = 0;
      return taken;
    },
  };
}
