/** `--list`: one line per collector of the build, on/off in the loaded configuration. */
import { deepStrictEqual } from 'node:assert/strict';
import { renderCollectorList } from '../../src/config/list.js';
import { TOY_TABLES, loadText } from './toyTables.js';

describe('renderCollectorList', () => {
  it('shows each table as the file spells it, on (with a count for several) or off, and what it reads', () => {
    deepStrictEqual(renderCollectorList(TOY_TABLES, loadText('[[Toy]]\nName = "a"\n[[Toy]]\nName = "b"\n').config).split('\n'), [
      '[[Toy]]   on (2)  A toy for the loader tests.',
      '[Solo]    off     A single toy.',
      'internal  on      The agent itself: rx-collector.* and rs-collector\'s three internal metrics (always on).',
      '',
    ]);
  });
});
