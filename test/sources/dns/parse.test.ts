import { deepStrictEqual, strictEqual } from 'node:assert';
import { serverTag, soaData } from '../../../src/sources/dns/index.js';

describe('dns soaData', () => {
  const zone = 'example.org';
  const find = (points: ReturnType<typeof soaData>, metric: string, address?: string) =>
    points.filter((point) => point.metric === metric && (address === undefined || point.tags.address === address)).map((point) => point.value);

  it('reports each serial and disagreement when serials differ', () => {
    const points = soaData(zone, [
      { nameserver: 'ns1.example.org', address: '192.0.2.1', serial: 10, querySeconds: 0.002 },
      { nameserver: 'ns2.example.org', address: '192.0.2.2', serial: 11, querySeconds: 0.003 },
      { nameserver: 'ns2.example.org', address: '2001:db8::2', serial: 11, querySeconds: 0.004 },
    ], 1700000000);
    deepStrictEqual(find(points, 'dns.soa.serial'), [10, 11, 11]);
    deepStrictEqual(find(points, 'dns.soa.query_time', '2001-db8--2'), [0.004]);
    deepStrictEqual(find(points, 'dns.soa.failed'), [0, 0, 0]);
    deepStrictEqual(find(points, 'dns.soa.in_agreement'), [0]);
    deepStrictEqual(find(points, 'dns.soa.distinct_serials'), [2]);
    deepStrictEqual(find(points, 'dns.soa.servers'), [3]);
    strictEqual(points.every((point) => point.timestamp === 1700000000), true);
  });

  it('counts a failed server as a failure, not as a serial, and agreement among the rest', () => {
    const points = soaData(zone, [
      { nameserver: 'ns1.example.org', address: '192.0.2.1', serial: 10, querySeconds: 0.002 },
      { nameserver: 'ns2.example.org', address: '192.0.2.2', error: 'ETIMEOUT' },
      { nameserver: 'ns3.example.org', address: '', error: 'ENOTFOUND' },
    ], 1700000000);
    deepStrictEqual(find(points, 'dns.soa.serial'), [10]);
    deepStrictEqual(find(points, 'dns.soa.failed', '192.0.2.2'), [1]);
    deepStrictEqual(find(points, 'dns.soa.failed', 'none'), [1]);
    deepStrictEqual(find(points, 'dns.soa.in_agreement'), [1]);
    deepStrictEqual(find(points, 'dns.soa.failed_servers'), [2]);
  });

  it('is not in agreement when nobody answered', () => {
    const points = soaData(zone, [{ nameserver: 'ns1.example.org', address: '192.0.2.1', error: 'EREFUSED' }], 1);
    deepStrictEqual(find(points, 'dns.soa.in_agreement'), [0]);
    deepStrictEqual(find(points, 'dns.soa.distinct_serials'), [0]);
  });

  it('makes addresses valid tag values', () => {
    strictEqual(serverTag('::1'), '--1');
    strictEqual(serverTag('127.0.0.1', 5301), '127.0.0.1_5301');
    strictEqual(serverTag(''), 'none');
  });
});
