import { deepStrictEqual, throws } from 'node:assert';
import { bondingTable } from '../../../src/sources/bonding/table.js';
import { ConfigError } from '../../../src/table.js';

describe('[Bonding] table', () => {
  it('maps ProcRoot to the source options', () => {
    deepStrictEqual(bondingTable.toOptions({ ProcRoot: '/host/proc' }, 'Bonding'), { procRoot: '/host/proc' });
  });

  it('refuses a relative ProcRoot, naming the key', () => {
    throws(
      () => bondingTable.toOptions({ ProcRoot: 'proc' }, 'Bonding'),
      (error: unknown) => error instanceof ConfigError && error.key === 'Bonding.ProcRoot',
    );
  });

  it('defaults ProcRoot to /proc', () => {
    deepStrictEqual((bondingTable.schema.ProcRoot as { default: unknown }).default, '/proc');
  });
});
