import { deepStrictEqual, throws } from 'node:assert';
import { hasIpAddrTable } from '../../../src/sources/hasipaddr/table.js';
import { ConfigError } from '../../../src/table.js';

describe('[HasIpAddr] table', () => {
  it('maps Ipv4 and Ipv6 to the source options', () => {
    deepStrictEqual(hasIpAddrTable.toOptions({ Ipv4: ['192.0.2.10'], Ipv6: ['2001:db8::10'] }, 'HasIpAddr'), {
      ipv4: ['192.0.2.10'],
      ipv6: ['2001:db8::10'],
    });
  });

  it('names the key and the position of an invalid address', () => {
    throws(
      () => hasIpAddrTable.toOptions({ Ipv4: ['192.0.2.10', '192.0.2'], Ipv6: [] }, 'HasIpAddr'),
      (error: unknown) => error instanceof ConfigError && error.key === 'HasIpAddr.Ipv4[1]' && /192\.0\.2"/.test(error.message),
    );
    throws(
      () => hasIpAddrTable.toOptions({ Ipv4: [], Ipv6: ['::1', 'fe80::1%eth0'] }, 'HasIpAddr'),
      (error: unknown) => error instanceof ConfigError && error.key === 'HasIpAddr.Ipv6[1]',
    );
    throws(
      () => hasIpAddrTable.toOptions({ Ipv4: [42], Ipv6: [] } as unknown as { Ipv4: string[]; Ipv6: string[] }, 'HasIpAddr'),
      (error: unknown) => error instanceof ConfigError && error.key === 'HasIpAddr.Ipv4[0]',
    );
  });

  it('declares a doc and a default for every key', () => {
    for (const [key, spec] of Object.entries(hasIpAddrTable.schema)) {
      const { doc, default: fallback } = spec as { doc?: string; default?: unknown };
      if (!doc || fallback === undefined) throw new Error(`${key} lacks doc or default`);
    }
  });
});
