import { deepStrictEqual, strictEqual, throws } from 'node:assert';
import { netDevTable, type NetDevKeys } from '../../../src/sources/netdev/table.js';
import { ConfigError } from '../../../src/table.js';
import { SCOLLECTOR_INTERFACES } from '../../../src/sources/netdev/index.js';

const keys = (overrides: Partial<NetDevKeys> = {}): NetDevKeys => ({ ProcRoot: '/proc', SysRoot: '/sys', Include: SCOLLECTOR_INTERFACES, Exclude: '', ...overrides });

describe('[NetDev] table', () => {
  it('maps the keys to the source options, empty patterns to no filter', () => {
    const options = netDevTable.toOptions(keys({ ProcRoot: '/host/proc', Include: '^(eth|bond)', Exclude: '' }), 'NetDev');
    deepStrictEqual(options, { procRoot: '/host/proc', sysRoot: '/sys', include: /^(eth|bond)/, exclude: undefined });
  });

  it('defaults to scollector\'s interfaces, nothing excluded', () => {
    const { include, exclude } = netDevTable.toOptions(keys(), 'NetDev');
    strictEqual(include?.test('eth0'), true);
    strictEqual(include?.test('lo'), false);
    strictEqual(include?.test('veth4f1c2d9'), false);
    strictEqual(exclude, undefined);
    strictEqual((netDevTable.schema.Include as { default: string }).default, SCOLLECTOR_INTERFACES);
  });

  it('names the key of an invalid regular expression or a relative root', () => {
    const named = (key: string) => (error: unknown) => error instanceof ConfigError && error.key === key;
    throws(() => netDevTable.toOptions(keys({ Include: 'eth(' }), 'NetDev'), named('NetDev.Include'));
    throws(() => netDevTable.toOptions(keys({ Exclude: '[lo' }), 'NetDev'), named('NetDev.Exclude'));
    throws(() => netDevTable.toOptions(keys({ SysRoot: 'sys' }), 'NetDev'), named('NetDev.SysRoot'));
  });

  it('declares a doc and a default for every key', () => {
    for (const [key, spec] of Object.entries(netDevTable.schema)) {
      const { doc, default: fallback } = spec as { doc?: string; default?: unknown };
      if (!doc || fallback === undefined) throw new Error(`${key} lacks doc or default`);
    }
  });
});
