import { deepStrictEqual, strictEqual, throws } from 'node:assert';
import { networkInterfaces } from 'node:os';
import { firstValueFrom, lastValueFrom, toArray } from 'rxjs';
import { canonicalIpv6, createHasIpAddrSource, ipv6Tag, METRICS } from '../../../src/sources/hasipaddr/index.js';
import { checkDatum, type Datum } from '../../../src/datum.js';

const valueOf = (points: Datum[], metric: string, key: string, address: string): number | undefined =>
  points.find((point) => point.metric === metric && point.tags[key] === address)?.value;

describe('hasipaddr source', () => {
  it('reports 1 for addresses bound on this host and 0 for an unbound one', async () => {
    const source = createHasIpAddrSource({ ipv4: ['127.0.0.1', '10.255.255.254'], ipv6: ['::1'] });
    const points = await firstValueFrom(source.collect());
    strictEqual(points.length, 3);
    strictEqual(valueOf(points, 'os.net.has_ipv4s', 'ipv4', '127.0.0.1'), 1);
    strictEqual(valueOf(points, 'os.net.has_ipv4s', 'ipv4', '10.255.255.254'), 0);
    strictEqual(valueOf(points, 'os.net.has_ipv6s', 'ipv6', '--1'), 1);
    for (const point of points) deepStrictEqual(checkDatum(point), { ok: true, datum: point });
  });

  it('agrees with os.networkInterfaces for every address the host has', async () => {
    const all = Object.values(networkInterfaces()).flatMap((entries) => entries ?? []);
    const ipv4 = all.filter((entry) => entry.family === 'IPv4').map((entry) => entry.address);
    const ipv6 = all.filter((entry) => entry.family === 'IPv6').map((entry) => entry.address.split('%')[0] ?? '');
    const points = await firstValueFrom(createHasIpAddrSource({ ipv4, ipv6 }).collect());
    strictEqual(points.length, ipv4.length + ipv6.length);
    for (const point of points) strictEqual(point.value, 1, JSON.stringify(point.tags));
  });

  it('recognises an IPv6 address however it is written', async () => {
    const source = createHasIpAddrSource({
      ipv4: [],
      ipv6: ['0:0:0:0:0:0:0:1', '2001:DB8:0:0::A', '2001:db8::b'],
      interfaces: () => ({ eth9: [{ address: '2001:db8::a', netmask: 'ffff::', family: 'IPv6', mac: '00:00:00:00:00:00', internal: false, cidr: null, scopeid: 0 }] }),
    });
    const points = await firstValueFrom(source.collect());
    deepStrictEqual(points.map((point) => [point.tags.ipv6, point.value]), [['--1', 0], ['2001-db8--a', 1], ['2001-db8--b', 0]]);
  });

  it('completes after one reading', async () => {
    const readings = await lastValueFrom(createHasIpAddrSource({ ipv4: ['127.0.0.1'], ipv6: [] }).collect().pipe(toArray()));
    strictEqual(readings.length, 1);
  });

  it('reports nothing when no address is configured', async () => {
    deepStrictEqual(await firstValueFrom(createHasIpAddrSource({ ipv4: [], ipv6: [] }).collect()), []);
  });

  it('refuses invalid addresses at creation', () => {
    throws(() => createHasIpAddrSource({ ipv4: ['10.0.0.256'], ipv6: [] }), /not an IPv4 address/);
    throws(() => createHasIpAddrSource({ ipv4: [], ipv6: ['2001:db8::g'] }), /not an IPv6 address/);
  });

  it('writes IPv6 tags in one canonical form', () => {
    strictEqual(canonicalIpv6('2001:0DB8:0000:0000:0000:0000:0000:0001'), '2001:db8::1');
    strictEqual(ipv6Tag('fe80:0:0:0:fc:ff:fe00:1'), 'fe80--fc-ff-fe00-1');
    throws(() => canonicalIpv6('fe80::1%eth0'), /not an IPv6 address/);
  });

  it('declares both metrics as gauges', () => {
    deepStrictEqual(METRICS.map((meta) => [meta.metric, meta.rate]), [['os.net.has_ipv4s', 'gauge'], ['os.net.has_ipv6s', 'gauge']]);
  });
});
