import { deepStrictEqual, ok, strictEqual } from 'node:assert';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { firstValueFrom } from 'rxjs';
import { checkDatum, type Datum } from '../../../src/datum.js';
import { BONDING_RETRY_MS, createNetDevSource, METRICS, parseProcNetDev, parseSpeed, SCOLLECTOR_INTERFACES, selected, SPEED_RETRY_MS } from '../../../src/sources/netdev/index.js';
import { unsubscribedAtOnce } from '../unsubscribed.js';
import { countingContext } from '../../helpers/skips.js';

const FIXTURES = new URL('../../fixtures/netdev/', import.meta.url);
const SERVER = fileURLToPath(new URL('server/', FIXTURES));
const serverDev = readFileSync(new URL('server/proc/net/dev', FIXTURES), 'utf8');

const value = (points: Datum[], metric: string, tags: Record<string, string>): number | undefined =>
  points.find((point) => point.metric === metric && Object.entries(tags).every(([key, wanted]) => point.tags[key] === wanted))?.value;

describe('parseProcNetDev', () => {
  it('reads every interface with its 8 receive and 8 transmit counters', () => {
    const { interfaces, skipped } = parseProcNetDev(serverDev);
    strictEqual(skipped, 0);
    deepStrictEqual(interfaces.map((each) => each.iface), ['lo', 'eno1', 'eno2', 'bond0', 'docker0', 'veth4f1c2d9', 'enp0s31f6']);
    deepStrictEqual(interfaces[1], {
      iface: 'eno1',
      in: { bytes: 9734518839412, packets: 7313624089, errs: 3, dropped: 1204, fifo_errs: 0, frame_errs: 2, compressed: 0, multicast: 982311 },
      out: { bytes: 4123309817456, packets: 3911982250, errs: 0, dropped: 0, fifo_errs: 0, collisions: 0, carrier_errs: 1, compressed: 0 },
    });
  });

  it('separates a long name that runs into its first counter', () => {
    const long = parseProcNetDev(serverDev).interfaces.find((each) => each.iface === 'enp0s31f6');
    deepStrictEqual(long, {
      iface: 'enp0s31f6',
      in: { bytes: 1234567890, packets: 1200000, errs: 12, dropped: 34, fifo_errs: 5, frame_errs: 6, compressed: 7, multicast: 8 },
      out: { bytes: 987654321, packets: 900000, errs: 9, dropped: 10, fifo_errs: 11, collisions: 12, carrier_errs: 13, compressed: 14 },
    });
  });

  it('skips and counts unreadable columns and lines, keeping the rest', () => {
    const { interfaces, skipped } = parseProcNetDev(readFileSync(new URL('garbled-dev', FIXTURES), 'utf8'));
    // eth1: "x" and "-1"; a line without a colon; eth2: 13 missing columns; a line without a name.
    strictEqual(skipped, 17);
    deepStrictEqual(interfaces.map((each) => each.iface), ['eth0', 'eth1', 'eth2']);
    strictEqual(interfaces[1]?.in.packets, undefined);
    strictEqual(interfaces[1]?.in.bytes, 1000);
    strictEqual(interfaces[1]?.out.compressed, undefined);
    deepStrictEqual(interfaces[2]?.in, { bytes: 5, packets: 6, errs: 7 });
  });

  it('never throws, and never counts more than 16 skips per line', () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.string({ maxLength: 120 }), fc.constantFrom(...serverDev.split('\n'))), { maxLength: 30 }), (lines) => {
        const { skipped } = parseProcNetDev(lines.join('\n'));
        ok(skipped >= 0 && skipped <= 16 * lines.length);
      }),
    );
  });
});

describe('parseSpeed', () => {
  it('reads any integer the kernel prints, -1 (link down) included', () => {
    deepStrictEqual(['10000\n', '-1\n', '0', ' 100 '].map(parseSpeed), [10000, -1, 0, 100]);
  });
  it('reads nothing else', () => {
    deepStrictEqual(['', 'Unknown', '1e3', '10 Mbps', '--1'].map(parseSpeed), [undefined, undefined, undefined, undefined, undefined]);
  });
});

describe('interface filter', () => {
  const include = new RegExp(SCOLLECTOR_INTERFACES);
  it('by default, scollector\'s interfaces by whole name: physical, bonds, teams; not loopback, bridges, VLAN, ifb, containers', () => {
    const names = ['lo', 'docker0', 'veth4f1c2d9', 'veth12', 'br-0a1b2c', 'br0', 'virbr0', 'cni0', 'flannel.1', 'cali12ab', 'ifb0', 'eth0', 'eth0.100',
      'eno1', 'em1', 'em1_1', 'p2p1', 'p2p1_1', 'bond0', 'bond0.100', 'team0', 'enp0s31f6', 'ens3', 'wlp2s0', 'wwan0', 'wlan0', 'lo2', 'tenant0'];
    deepStrictEqual(names.filter((name) => selected(name, { include })),
      ['eth0', 'eno1', 'em1', 'em1_1', 'p2p1', 'p2p1_1', 'bond0', 'team0', 'enp0s31f6', 'ens3', 'wlp2s0', 'wwan0', 'wlan0']);
  });
  it('applies include first, then exclude', () => {
    deepStrictEqual(['eth0', 'eth1', 'eno1'].filter((name) => selected(name, { include: /^eth/, exclude: /1$/ })), ['eth0']);
  });
});

describe('netdev source', () => {
  it('sends scollector names for every selected interface, bonds under linux.net.bond and os.net.bond', async () => {
    const counted = countingContext();
    const source = createNetDevSource({ procRoot: `${SERVER}proc`, sysRoot: `${SERVER}sys` }, counted);
    const points = await firstValueFrom(source.collect());
    deepStrictEqual([...new Set(points.flatMap((point) => point.tags.iface ?? []))].sort(), ['bond0', 'eno1', 'eno2', 'enp0s31f6']);
    strictEqual(value(points, 'linux.net.bytes', { iface: 'eno1', direction: 'in' }), 9734518839412);
    strictEqual(value(points, 'linux.net.carrier_errs', { iface: 'eno1', direction: 'out' }), 1);
    strictEqual(value(points, 'linux.net.multicast', { iface: 'eno2', direction: 'in' }), 981004);
    strictEqual(value(points, 'os.net.packets', { iface: 'eno2', direction: 'out' }), 3910025117);
    strictEqual(value(points, 'linux.net.bond.bytes', { iface: 'bond0', direction: 'in' }), 19464500944943);
    strictEqual(value(points, 'os.net.bond.dropped', { iface: 'bond0', direction: 'in' }), 2191);
    strictEqual(value(points, 'linux.net.bytes', { iface: 'bond0' }), undefined);
    strictEqual(value(points, 'os.net.bytes', { iface: 'bond0' }), undefined);
    strictEqual(value(points, 'os.net.multicast', { iface: 'eno1' }), undefined);
    strictEqual(counted.skipped, 0);
  });

  it('sends each interface 16 linux.net counters and 8 os.net counters', async () => {
    const points = await firstValueFrom(createNetDevSource({ procRoot: `${SERVER}proc`, sysRoot: `${SERVER}sys` }).collect());
    const eno1 = points.filter((point) => point.tags.iface === 'eno1');
    strictEqual(eno1.filter((point) => point.metric.startsWith('linux.net.') && point.metric !== 'linux.net.ifspeed').length, 16);
    strictEqual(eno1.filter((point) => point.metric.startsWith('os.net.') && point.metric !== 'os.net.ifspeed').length, 8);
  });

  it('sends the link speed where sysfs has one, a bond\'s under linux.net.bond.ifspeed', async () => {
    const points = await firstValueFrom(createNetDevSource({ procRoot: `${SERVER}proc`, sysRoot: `${SERVER}sys`, include: undefined, exclude: /^lo$/ }).collect());
    const speeds = (metric: string): Record<string, number> =>
      Object.fromEntries(points.filter((point) => point.metric === metric).map((point) => [point.tags.iface, point.value]));
    deepStrictEqual(speeds('linux.net.ifspeed'), { eno1: 10000, eno2: 10000, docker0: 1000 });
    deepStrictEqual(speeds('os.net.ifspeed'), { eno1: 10000, eno2: 10000, docker0: 1000 });
    deepStrictEqual(speeds('linux.net.bond.ifspeed'), { bond0: 20000 });
  });

  it('reads a speed at every reading, and asks again for one it could not read only after SPEED_RETRY_MS', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rx-netdev-'));
    try {
      mkdirSync(join(root, 'net'));
      writeFileSync(join(root, 'net', 'dev'), 'Inter-|\n face |\n  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n  eth1: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n');
      for (const iface of ['eth0', 'eth1']) mkdirSync(join(root, 'class', 'net', iface), { recursive: true });
      writeFileSync(join(root, 'class', 'net', 'eth0', 'speed'), '1000\n');
      let nowMs = 1_000_000;
      const source = createNetDevSource({ procRoot: root, sysRoot: root, now: () => nowMs });
      const speeds = async (): Promise<Record<string, number>> => Object.fromEntries((await firstValueFrom(source.collect()))
        .filter((point) => point.metric === 'linux.net.ifspeed').map((point) => [point.tags.iface, point.value]));
      deepStrictEqual(await speeds(), { eth0: 1000 });
      // eth1's link comes up and eth0's speed changes: eth0's is read again at once, eth1's not before the retry is due
      writeFileSync(join(root, 'class', 'net', 'eth0', 'speed'), '100\n');
      writeFileSync(join(root, 'class', 'net', 'eth1', 'speed'), '10000\n');
      nowMs += SPEED_RETRY_MS - 1;
      deepStrictEqual(await speeds(), { eth0: 100 });
      nowMs += 1;
      deepStrictEqual(await speeds(), { eth0: 100, eth1: 10000 });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('while no bond is listed, looks for the bonding driver\'s list again only after BONDING_RETRY_MS', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rx-netdev-'));
    try {
      mkdirSync(join(root, 'net'));
      writeFileSync(join(root, 'net', 'dev'), 'Inter-|\n face |\n  uplink0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n');
      let nowMs = 1_000_000;
      const source = createNetDevSource({ procRoot: root, sysRoot: root, include: /^uplink0$/, now: () => nowMs });
      const bytesMetrics = async (): Promise<string[]> => (await firstValueFrom(source.collect()))
        .filter((point) => point.metric.endsWith('.bytes') && point.tags.direction === 'in').map((point) => point.metric).sort();
      deepStrictEqual(await bytesMetrics(), ['linux.net.bytes', 'os.net.bytes']);
      // the bonding module is loaded and makes uplink0 a bond
      mkdirSync(join(root, 'net', 'bonding'));
      writeFileSync(join(root, 'net', 'bonding', 'uplink0'), 'Bonding Mode: IEEE 802.3ad Dynamic link aggregation\n');
      nowMs += BONDING_RETRY_MS - 1;
      deepStrictEqual(await bytesMetrics(), ['linux.net.bytes', 'os.net.bytes']);
      nowMs += 1;
      deepStrictEqual(await bytesMetrics(), ['linux.net.bond.bytes', 'os.net.bond.bytes']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('counts the bound addresses afresh when the address tables change between readings', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rx-netdev-'));
    const leaf = (address: string): string => `     |-- ${address}\n        /32 host LOCAL\n`;
    try {
      mkdirSync(join(root, 'net'));
      writeFileSync(join(root, 'net', 'dev'), 'Inter-|\n face |\n  eth0: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n');
      writeFileSync(join(root, 'net', 'fib_trie'), `Main:\n  +-- 10.0.0.0/8 2 0 2\n${leaf('10.0.0.1')}`);
      writeFileSync(join(root, 'net', 'if_inet6'), '00000000000000000000000000000001 01 80 10 80       lo\n');
      const source = createNetDevSource({ procRoot: root, sysRoot: root });
      const counts = async (): Promise<Record<string, number>> => Object.fromEntries((await firstValueFrom(source.collect()))
        .filter((point) => point.metric === 'linux.net.ip_count').map((point) => [point.tags.version, point.value]));
      deepStrictEqual(await counts(), { 4: 1, 6: 1 });
      deepStrictEqual(await counts(), { 4: 1, 6: 1 });
      writeFileSync(join(root, 'net', 'fib_trie'), `Main:\n  +-- 10.0.0.0/8 2 0 2\n${leaf('10.0.0.1')}${leaf('10.0.0.2')}`);
      writeFileSync(join(root, 'net', 'if_inet6'), '');
      deepStrictEqual(await counts(), { 4: 2, 6: 0 });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('sends only valid points whose metrics are declared', async () => {
    const points = await firstValueFrom(createNetDevSource({ procRoot: `${SERVER}proc`, sysRoot: `${SERVER}sys`, include: undefined }).collect());
    const declared = new Set(METRICS.map((meta) => meta.metric));
    for (const point of points) {
      ok(declared.has(point.metric), point.metric);
      deepStrictEqual(checkDatum(point), { ok: true, datum: point });
    }
  });

  it('fails the reading when net/dev cannot be read', async () => {
    await firstValueFrom(createNetDevSource({ procRoot: '/nonexistent', sysRoot: '/nonexistent' }).collect()).then(
      () => { throw new Error('expected the reading to fail'); },
      (error: NodeJS.ErrnoException) => strictEqual(error.code, 'ENOENT'),
    );
  });

  it('reads while it is subscribed: all of it is done before subscribe returns, nothing is left to arrive after', async () => {
    const root = mkdtempSync(join(tmpdir(), 'rx-netdev-'));
    try {
      mkdirSync(join(root, 'net'));
      copyFileSync(new URL('garbled-dev', FIXTURES), join(root, 'net', 'dev'));
      const counted = countingContext();
      const source = createNetDevSource({ procRoot: root, sysRoot: root }, counted);
      deepStrictEqual(await unsubscribedAtOnce(source.collect()), { received: [], errors: [], unhandled: [] });
      // the garbled file's 17 unreadable fields were counted by the reading that finished inside subscribe
      strictEqual(counted.skipped, 17);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  describe('on this machine', () => {
    const read = async (): Promise<Datum[]> => firstValueFrom(createNetDevSource({ include: undefined }).collect());
    const bytes = (points: Datum[]): Map<string, number> =>
      new Map(points.filter((point) => point.metric.endsWith('.bytes') && point.metric.includes('linux.')).map((point) => [`${point.tags.iface}/${point.tags.direction}`, point.value]));

    it('reports exactly the interfaces of /proc/net/dev, with counters that never go back', async () => {
      const first = await read();
      const expected = readFileSync('/proc/net/dev', 'utf8').split('\n').slice(2).filter((line) => line.includes(':')).map((line) => line.split(':')[0]?.trim()).sort();
      deepStrictEqual([...new Set(first.flatMap((point) => point.tags.iface ?? []))].sort(), expected);
      await new Promise((resolve) => setTimeout(resolve, 200));
      const second = await read();
      const before = bytes(first);
      for (const [key, after] of bytes(second)) ok(after >= (before.get(key) ?? Infinity), `${key}: ${before.get(key)} then ${after}`);
      strictEqual(before.size, bytes(second).size);
    });
  });
});
