/**
 * scollector's 35 Linux interface and bond metrics (cmd/scollector/collectors/ifstat_linux.go of bosun-monitor/bosun:
 * netFields, c_ifstat_linux, c_ipcount_linux, c_if_bond_linux) against what NetDev and Bonding send from the fixture
 * /proc and /sys trees in test/fixtures/netdev/scollector/.
 */
import { deepStrictEqual, ok, strictEqual } from 'node:assert';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { firstValueFrom } from 'rxjs';
import type { Datum, MetricMeta } from '../../../src/datum.js';
import { createBondingSource, METRICS as BONDING_METRICS } from '../../../src/sources/bonding/index.js';
import { createNetDevSource, METRICS as NETDEV_METRICS } from '../../../src/sources/netdev/index.js';
import { countingContext } from '../../helpers/skips.js';

const ROOT = fileURLToPath(new URL('../../fixtures/netdev/scollector/', import.meta.url));
const README = readFileSync(new URL('../../../README.md', import.meta.url), 'utf8');

interface Expected {
  metric: string;
  tags: readonly string[];
  rate: 'gauge' | 'counter';
  /** scollector's metadata.Unit string; `metadata.Count` is '' and scollector sends no unit for it. */
  unit: string;
}

// netFields: bytes is metadata.Bytes, every other field metadata.Count; all metadata.Counter.
const COUNT = '';
const FIELDS: readonly [string, string][] = [
  ['bytes', 'bytes'], ['packets', COUNT], ['errs', COUNT], ['dropped', COUNT], ['fifo_errs', COUNT], ['frame_errs', COUNT],
  ['compressed', COUNT], ['multicast', COUNT], ['collisions', COUNT], ['carrier_errs', COUNT],
];
// `i < 4 || (i >= 8 && i < 12)`: bytes, packets, errs, dropped of each direction.
const OS_FIELDS = FIELDS.slice(0, 4);
const counters = (prefix: string, fields: readonly [string, string][]): Expected[] =>
  fields.map(([field, unit]) => ({ metric: `${prefix}.${field}`, tags: ['direction', 'iface'], rate: 'counter', unit }));
const speed = (prefix: string): Expected => ({ metric: `${prefix}.ifspeed`, tags: ['iface'], rate: 'gauge', unit: 'Mbit' });

const SCOLLECTOR: readonly Expected[] = [
  ...counters('linux.net', FIELDS),
  ...counters('linux.net.bond', FIELDS),
  ...counters('os.net', OS_FIELDS),
  ...counters('os.net.bond', OS_FIELDS),
  speed('linux.net'), speed('os.net'), speed('linux.net.bond'), speed('os.net.bond'),
  { metric: 'linux.net.ip_count', tags: ['version'], rate: 'gauge', unit: 'IP_Addresses' },
  { metric: 'linux.net.bond.slave.is_up', tags: ['bond', 'slave'], rate: 'gauge', unit: 'bool' },
  { metric: 'linux.net.bond.slave.count', tags: ['bond'], rate: 'gauge', unit: COUNT },
];

/** scollector's pattern as written (Go RE2, unanchored; `[[:alnum:]]` spelled out for JavaScript). */
const SCOLLECTOR_IFSTAT_RE = /\s*(eth\d+|em\d+_\d+\/\d+|em\d+_\d+|em\d+|bond\d+|team\d+|p\d+p\d+_\d+\/\d+|p\d+p\d+_\d+|p\d+p\d+|en[A-Za-z0-9]+|wl[A-Za-z0-9]+|ww[A-Za-z0-9]+):(.*)/;

async function readFixture(): Promise<{ points: Datum[]; skipped: number }> {
  const counted = countingContext();
  const netdev = await firstValueFrom(createNetDevSource({ procRoot: `${ROOT}proc`, sysRoot: `${ROOT}sys` }, counted).collect());
  const bonding = await firstValueFrom(createBondingSource({ procRoot: `${ROOT}proc` }, counted).collect());
  return { points: [...netdev, ...bonding], skipped: counted.skipped };
}

/** The README's table of the 35, row by row (the test keeps it true). */
const SCOLLECTOR_SECTION = README.slice(README.indexOf('<!-- scollector:start -->'), README.indexOf('<!-- scollector:end -->'));
const readmeRow = (expected: Expected, meta: MetricMeta): string =>
  `| \`${expected.metric}\` | ${expected.tags.join(', ')} | ${expected.rate} | ${expected.unit === COUNT ? '— (none sent)' : expected.unit} | ${meta.unit} |`;

const metaOf = new Map<string, MetricMeta>([...NETDEV_METRICS, ...BONDING_METRICS].map((meta) => [meta.metric, meta]));

const value = (points: Datum[], metric: string, tags: Record<string, string>): number | undefined =>
  points.find((point) => point.metric === metric && Object.entries(tags).every(([key, wanted]) => point.tags[key] === wanted))?.value;

describe('scollector compatibility of the interface and bond metrics', () => {
  it('lists 35 metrics, as scollector has, each once in the README\'s table', () => {
    strictEqual(new Set(SCOLLECTOR.map((each) => each.metric)).size, 35);
    strictEqual(SCOLLECTOR_SECTION.split('\n').filter((line) => line.startsWith('| `')).length, 35);
  });

  for (const expected of SCOLLECTOR) {
    it(`${expected.metric}: sent with scollector's tags and rate; its unit or a documented one`, async () => {
      const { points } = await readFixture();
      const sent = points.filter((point) => point.metric === expected.metric);
      ok(sent.length > 0, `${expected.metric} not sent`);
      for (const point of sent) deepStrictEqual(Object.keys(point.tags).sort(), expected.tags);
      const meta = metaOf.get(expected.metric);
      ok(meta !== undefined, `${expected.metric} not declared`);
      deepStrictEqual([...(meta.tags ?? [])].sort(), expected.tags);
      strictEqual(meta.rate, expected.rate);
      // The one deliberate difference: a unit where scollector's was metadata.Count, which it never sent.
      if (meta.unit !== expected.unit) strictEqual(expected.unit, COUNT, `${expected.metric}: unit ${meta.unit}, scollector ${expected.unit}`);
      ok(SCOLLECTOR_SECTION.includes(`\n${readmeRow(expected, meta)}\n`), `README's scollector table lacks: ${readmeRow(expected, meta)}`);
    });
  }

  it('figures: all 35 with the same name, tags and rate; the same unit for the ones scollector sent a unit for', async () => {
    const { points } = await readFixture();
    const sameTagsRate = SCOLLECTOR.filter((expected) => {
      const meta = metaOf.get(expected.metric);
      return meta !== undefined && meta.rate === expected.rate && [...(meta.tags ?? [])].sort().join() === expected.tags.join()
        && points.some((point) => point.metric === expected.metric);
    });
    const sameUnit = sameTagsRate.filter((expected) => metaOf.get(expected.metric)?.unit === expected.unit);
    strictEqual(sameTagsRate.length, 35);
    // bytes ×4, ifspeed ×4, ip_count, slave.is_up: every metric scollector sent a unit for.
    deepStrictEqual(sameUnit.map((each) => each.metric), SCOLLECTOR.filter((each) => each.unit !== COUNT).map((each) => each.metric));
    strictEqual(sameUnit.length, 10);
  });

  it('selects the interfaces scollector\'s pattern selects, by whole name', async () => {
    const { points } = await readFixture();
    const reported = new Set(points.filter((point) => point.metric.endsWith('.bytes')).map((point) => point.tags.iface));
    const lines = readFileSync(`${ROOT}proc/net/dev`, 'utf8').split('\n').filter((line) => line.includes(':') && !line.includes('|'));
    const scollector = lines.flatMap((line) => {
      const name = line.slice(0, line.lastIndexOf(':')).trim();
      const match = SCOLLECTOR_IFSTAT_RE.exec(line)?.[1];
      return match === undefined ? [] : [{ name, match }];
    });
    // scollector's unanchored pattern took veth12 for eth12; the one difference, documented.
    deepStrictEqual(scollector.filter((each) => each.match !== each.name), [{ name: 'veth12', match: 'eth12' }]);
    deepStrictEqual([...reported].sort(), scollector.filter((each) => each.match === each.name).map((each) => each.name).sort());
    deepStrictEqual([...reported].sort(), ['bond0', 'em1', 'eno1', 'enp3s0', 'eth0', 'p1p1', 'team0', 'wlp2s0']);
  });

  it('puts bonds and teams under .bond., with the values of /proc/net/dev', async () => {
    const { points } = await readFixture();
    strictEqual(value(points, 'linux.net.bond.multicast', { iface: 'bond0', direction: 'in' }), 26);
    strictEqual(value(points, 'os.net.bond.packets', { iface: 'team0', direction: 'out' }), 1200);
    strictEqual(value(points, 'linux.net.bytes', { iface: 'bond0' }), undefined);
    strictEqual(value(points, 'linux.net.carrier_errs', { iface: 'eth0', direction: 'out' }), 11);
    strictEqual(value(points, 'os.net.dropped', { iface: 'eth0', direction: 'out' }), 8);
    strictEqual(value(points, 'os.net.fifo_errs', { iface: 'eth0' }), undefined);
  });

  it('sends the speed as sysfs has it, -1 for a link that is down, nothing where it cannot be read', async () => {
    const { points, skipped } = await readFixture();
    const speeds = (metric: string): Record<string, number> =>
      Object.fromEntries(points.filter((point) => point.metric === metric).map((point) => [point.tags.iface, point.value]));
    const physical = { eth0: 1000, eno1: -1, em1: 1000, p1p1: -1 };
    deepStrictEqual(speeds('linux.net.ifspeed'), physical);
    deepStrictEqual(speeds('os.net.ifspeed'), physical);
    deepStrictEqual(speeds('linux.net.bond.ifspeed'), { bond0: 1000, team0: 2000 });
    deepStrictEqual(speeds('os.net.bond.ifspeed'), { bond0: 1000, team0: 2000 });
    // wlp2s0's speed file says "garbled": skipped and counted, as are no other fields.
    strictEqual(skipped, 1);
  });

  it('counts the bound addresses per IP version', async () => {
    const { points } = await readFixture();
    strictEqual(value(points, 'linux.net.ip_count', { version: '4' }), 3);
    strictEqual(value(points, 'linux.net.ip_count', { version: '6' }), 4);
  });

  it('sends the bond slaves\' state and count', async () => {
    const { points } = await readFixture();
    strictEqual(value(points, 'linux.net.bond.slave.is_up', { bond: 'bond0', slave: 'em1' }), 1);
    strictEqual(value(points, 'linux.net.bond.slave.is_up', { bond: 'bond0', slave: 'p1p1' }), 0);
    strictEqual(value(points, 'linux.net.bond.slave.count', { bond: 'bond0' }), 2);
  });
});
