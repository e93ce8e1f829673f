import assert from 'node:assert/strict';
import type { Datum } from '../../src/datum.js';
import { createPointQueue } from '../../src/sinks/pointQueue.js';

const points = (from: number, count: number): Datum[] =>
  Array.from({ length: count }, (_, i) => ({ metric: 'q', timestamp: 1 + from + i, value: from + i, tags: { host: 'h' } }));
const values = (list: readonly Datum[]): number[] => list.map((point) => point.value);

describe('pointQueue', () => {
  it('takes oldest first, in batches', () => {
    const queue = createPointQueue(100);
    assert.equal(queue.push(points(0, 7)), 0);
    assert.deepEqual(values(queue.take(3)), [0, 1, 2]);
    assert.deepEqual(values(queue.take(10)), [3, 4, 5, 6]);
    assert.equal(queue.size, 0);
    assert.deepEqual(queue.take(3), []);
  });

  it('drops the oldest to stay within bounds and says how many', () => {
    const queue = createPointQueue(5);
    assert.equal(queue.push(points(0, 4)), 0);
    assert.equal(queue.push(points(4, 3)), 2);
    assert.equal(queue.size, 5);
    assert.deepEqual(values(queue.takeAll()), [2, 3, 4, 5, 6]);
  });

  it('keeps the newest of a batch larger than the queue', () => {
    const queue = createPointQueue(3);
    queue.push(points(0, 2));
    assert.equal(queue.push(points(2, 6)), 5);
    assert.deepEqual(values(queue.takeAll()), [5, 6, 7]);
  });

  it('behaves like a plain array model over many pushes and takes (compaction included)', () => {
    const queue = createPointQueue(1000);
    const model: number[] = [];
    let next = 0;
    for (let round = 0; round < 300; round += 1) {
      const batch = points(next, 13 + (round % 50));
      next += batch.length;
      model.push(...values(batch));
      const overflow = Math.max(0, model.length - 1000);
      model.splice(0, overflow);
      assert.equal(queue.push(batch), overflow);
      const count = round % 3 === 0 ? 5 : 17;
      assert.deepEqual(values(queue.take(count)), model.splice(0, count));
      assert.equal(queue.size, model.length);
    }
    assert.deepEqual(values(queue.takeAll()), model);
  });

  it('refuses a size below one', () => {
    assert.throws(() => createPointQueue(0), RangeError);
  });
});
