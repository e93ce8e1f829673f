import { deepStrictEqual, strictEqual } from 'node:assert';
import { dnsTable, parseNameServer, type DnsKeys } from '../../../src/sources/dns/table.js';
import { ConfigError } from '../../../src/table.js';

const keys = (overrides: Partial<DnsKeys>): DnsKeys => ({
  Zone: 'example.org', NameServers: [], Resolvers: [], Port: 53, QueryTimeout: 2, IPv6: true, ...overrides,
});

const keyOf = (overrides: Partial<DnsKeys>, path = 'Dns[0]'): string => {
  try {
    dnsTable.toOptions(keys(overrides), path);
  } catch (error) {
    if (error instanceof ConfigError) return error.key;
  }
  return 'no error';
};

describe('[[Dns]] table', () => {
  it('maps the keys to the source options', () => {
    deepStrictEqual(dnsTable.toOptions(keys({
      Zone: 'example.org.', NameServers: ['ns1.example.org', '192.0.2.1:5353', '[2001:db8::1]:54', '2001:db8::2'],
      Resolvers: ['127.0.0.1:5300', '::1'], QueryTimeout: 0.5, IPv6: false,
    }), 'Dns[0]'), {
      zone: 'example.org',
      nameServers: [{ host: 'ns1.example.org' }, { host: '192.0.2.1', port: 5353 }, { host: '2001:db8::1', port: 54 }, { host: '2001:db8::2' }],
      resolvers: ['127.0.0.1:5300', '::1'],
      port: 53,
      queryTimeoutMs: 500,
      ipv6: false,
    });
  });

  it('names the key of a bad value, with the table\'s place and the entry\'s index', () => {
    strictEqual(keyOf({ Zone: '' }), 'Dns[0].Zone');
    strictEqual(keyOf({ QueryTimeout: 0 }), 'Dns[0].QueryTimeout');
    strictEqual(keyOf({ NameServers: ['ns1.example.org', 'ns2:99999'] }), 'Dns[0].NameServers[1]');
    strictEqual(keyOf({ Resolvers: ['resolver.example.org'] }, 'Dns[2]'), 'Dns[2].Resolvers[0]');
    strictEqual(keyOf({ NameServers: [42 as unknown as string] }), 'Dns[0].NameServers[0]');
  });

  it('parses name server entries', () => {
    deepStrictEqual(parseNameServer('[::1]', 'k'), { host: '::1' });
    deepStrictEqual(parseNameServer(' ns.example.org:53 ', 'k'), { host: 'ns.example.org', port: 53 });
  });

  it('declares a doc and a default for every key', () => {
    for (const [key, spec] of Object.entries(dnsTable.schema)) {
      const { doc, default: fallback } = spec as { doc?: string; default?: unknown };
      if (!doc || fallback === undefined) throw new Error(`${key} lacks doc or default`);
    }
  });
});
