import assert from 'node:assert/strict';
import { createThrottledLog } from '../src/throttledLog.js';

describe('throttledLog', () => {
  it('logs the first event at once, then at most once per interval with the count since the last line', () => {
    const lines: { obj: object; msg: string | undefined }[] = [];
    const record = (obj: object, msg?: string): void => { lines.push({ obj, msg }); };
    const log = { debug: record, info: record, warn: record, error: record };
    let now = 1_000;
    const note = createThrottledLog(log, { level: 'warn', message: 'dropped', intervalMs: 60_000, now: () => now });

    note(3, { queue: 'a' });
    now += 59_999;
    note(4);
    note(5);
    assert.deepEqual(lines, [{ obj: { queue: 'a', count: 3 }, msg: 'dropped' }]);
    now += 1;
    note(1, { queue: 'b' });
    assert.deepEqual(lines[1], { obj: { queue: 'b', count: 10 }, msg: 'dropped' });
    assert.equal(lines.length, 2);
  });
});
