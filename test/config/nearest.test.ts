/** Misspelt keys and tables get the name they probably meant. */
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { editDistance, nearestName } from '../../src/config/nearest.js';
import { loadConfig } from '../../src/config/load.js';
import { SOURCE_TABLES } from '../../src/sources/registry.js';
import { writeConfig } from './toyTables.js';

describe('nearest known name', () => {
  it('counts edits, ignoring case, a swap of neighbours as one', () => {
    deepStrictEqual([editDistance('Galeraa', 'Galera'), editDistance('DontSnd', 'DontSend'), editDistance('Prot', 'Port'),
      editDistance('hasipaddr', 'HasIpAddr'), editDistance('abc', 'xyz'), editDistance('', 'ab')], [1, 1, 1, 0, 3, 2]);
  });

  it('suggests only a name within a quarter of the length (at least one edit)', () => {
    strictEqual(nearestName('Galeraa', ['Mongo', 'Galera', 'Mysql']), 'Galera');
    strictEqual(nearestName('Pasword', ['Password', 'PasswordFile']), 'Password');
    strictEqual(nearestName('Filter', ['Freq', 'Jitter']), undefined);
    strictEqual(nearestName('id', ['adapter', 'tick_interval']), undefined);
  });

  it('names them in the warnings of a real file', () => {
    const file = writeConfig('Hots = "bosun:8070"\nDontSnd = true\n[Galeraa]\nUser = "root"\n[[Mongo]]\nPrt = 27017\n[Tag]\na = "b"\n');
    const { warnings } = loadConfig({ file, env: {}, osHostname: 'box', tables: SOURCE_TABLES });
    deepStrictEqual(warnings, [
      '`Hots`: unknown key (ignored); did you mean `Host`?',
      '`DontSnd`: unknown key (ignored); did you mean `DontSend`?',
      '`[Galeraa]`: unknown table (ignored); did you mean `[Galera]`?',
      '`[Tag]`: unknown table (ignored); did you mean `[Tags]`?',
      '`Mongo[0].Prt`: unknown key (ignored); did you mean `Mongo[0].Port`?',
    ]);
  });
});
