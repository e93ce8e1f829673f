import { deepStrictEqual, ok, rejects, strictEqual } from 'node:assert';
import { firstValueFrom } from 'rxjs';
import type { Datum } from '../../../src/datum.js';
import { createDnsSource } from '../../../src/sources/dns/index.js';
import { unavailable } from '../../servers/harness.js';
import { INITIAL_SERIALS, nsdAvailable, nsdServers, type NsdServers } from '../../servers/nsd.js';

const TIMEOUT_MS = 400;

describe('dns source against real NSD servers', function () {
  this.timeout(60_000);
  let servers: NsdServers;

  const source = () => createDnsSource({
    zone: servers.zone,
    resolvers: [`${servers.instances[0]?.address ?? ''}:${servers.port}`],
    port: servers.port,
    queryTimeoutMs: TIMEOUT_MS,
    ipv6: false,
  });
  const byAddress = (points: Datum[], metric: string) =>
    Object.fromEntries(points.filter((point) => point.metric === metric).map((point) => [point.tags.address, point.value]));
  const zoneValue = (points: Datum[], metric: string) => points.find((point) => point.metric === metric)?.value;

  before(async function () {
    if (!nsdAvailable()) unavailable(this, 'NSD is not installed (test/servers/install.sh)');
    servers = await nsdServers();
  });

  afterEach(async () => {
    for (const [index, instance] of servers.instances.entries()) {
      instance.thaw();
      await instance.start().catch(() => undefined);
      if (instance.serial !== INITIAL_SERIALS[index]) await instance.setSerial(INITIAL_SERIALS[index] ?? 1);
    }
  });

  it('discovers the name servers from the NS records and reports each serial, not in agreement', async () => {
    const points = await firstValueFrom(source().collect());
    const expected: Record<string, number> = {};
    for (const instance of servers.instances) expected[instance.address] = await servers.serialOf(instance);
    deepStrictEqual(byAddress(points, 'dns.soa.serial'), expected);
    deepStrictEqual(new Set(Object.values(expected)).size, 3);
    deepStrictEqual(
      points.filter((point) => point.metric === 'dns.soa.serial').map((point) => point.tags.nameserver).sort(),
      servers.instances.map((instance) => instance.name).sort(),
    );
    deepStrictEqual(byAddress(points, 'dns.soa.failed'), Object.fromEntries(servers.instances.map((instance) => [instance.address, 0])));
    strictEqual(zoneValue(points, 'dns.soa.in_agreement'), 0);
    strictEqual(zoneValue(points, 'dns.soa.distinct_serials'), 3);
    for (const seconds of Object.values(byAddress(points, 'dns.soa.query_time'))) ok(seconds > 0 && seconds < TIMEOUT_MS / 1000);
  });

  it('reports agreement after the zone files are changed and NSD reloaded', async () => {
    for (const instance of servers.instances) await instance.setSerial(2026120100);
    const points = await firstValueFrom(source().collect());
    deepStrictEqual(Object.values(byAddress(points, 'dns.soa.serial')), [2026120100, 2026120100, 2026120100]);
    strictEqual(zoneValue(points, 'dns.soa.in_agreement'), 1);
    strictEqual(zoneValue(points, 'dns.soa.distinct_serials'), 1);
  });

  it('gives a frozen server and a stopped server a failure each, within the timeout, and still reads the other', async () => {
    const [first, frozen, stopped] = servers.instances;
    if (first === undefined || frozen === undefined || stopped === undefined) throw new Error('three instances expected');
    frozen.freeze();
    await stopped.stop();
    const started = Date.now();
    const points = await firstValueFrom(source().collect());
    ok(Date.now() - started < TIMEOUT_MS * 3, `took ${Date.now() - started} ms`);
    deepStrictEqual(byAddress(points, 'dns.soa.failed'), { [first.address]: 0, [frozen.address]: 1, [stopped.address]: 1 });
    deepStrictEqual(byAddress(points, 'dns.soa.serial'), { [first.address]: first.serial });
    strictEqual(zoneValue(points, 'dns.soa.failed_servers'), 2);
    strictEqual(zoneValue(points, 'dns.soa.in_agreement'), 1);
  });

  it('asks an explicit list of name servers with ports, and a server that does not serve the zone fails', async () => {
    const [first] = servers.instances;
    const points = await firstValueFrom(createDnsSource({
      zone: 'not-served.example',
      nameServers: [{ host: first?.address ?? '', port: servers.port }],
      queryTimeoutMs: TIMEOUT_MS,
    }).collect());
    deepStrictEqual(byAddress(points, 'dns.soa.failed'), { [`${first?.address ?? ''}_${servers.port}`]: 1 });
    strictEqual(points.some((point) => point.metric === 'dns.soa.serial'), false);
  });

  it('fails the reading with a clear message when the zone\'s name servers cannot be found', async () => {
    const lost = createDnsSource({ zone: 'nowhere.example', resolvers: [`${servers.instances[0]?.address ?? ''}:${servers.port}`], queryTimeoutMs: TIMEOUT_MS });
    await rejects(firstValueFrom(lost.collect()), /dns: cannot find the name servers of nowhere\.example: E[A-Z]+/);
  });
});
