/** The text log format: one plain line per pino entry, for people at a terminal. */
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { resolveLogFormat, textLine } from '../src/logger.js';

describe('logger', () => {
  it('turns a pino JSON line into time, level, message and key=value fields', () => {
    const json = JSON.stringify({ level: 40, time: '2026-12-01T19:31:19.014Z', name: 'rx-collector', collector: 'megaraid',
      err: '`Megaraid.megacli_command`: "/opt/x" does not exist', failures: 2, tags: ['a', 'b'], msg: 'reading failed' });
    strictEqual(textLine(json), '2026-12-01T19:31:19.014Z WARN  reading failed collector=megaraid '
      + 'err="`Megaraid.megacli_command`: \\"/opt/x\\" does not exist" failures=2 tags=["a","b"]\n');
  });

  it('passes a line that is not JSON through unchanged', () => {
    strictEqual(textLine('not json'), 'not json\n');
  });

  it('auto is text on a terminal and JSON elsewhere; json and text are taken as given', () => {
    deepStrictEqual([resolveLogFormat('auto', true), resolveLogFormat('auto', false), resolveLogFormat('json', true),
      resolveLogFormat('text', false)], ['text', 'json', 'json', 'text']);
  });
});
