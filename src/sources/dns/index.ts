/**
 * DNS: are all authoritative servers of a zone serving the same SOA serial? For the zone, find its name servers (NS
 * records, or an explicit list), resolve each one's addresses, ask every address directly for the SOA, and report the
 * serial, query time and failure per server plus one agreement value per zone. A server that refuses, times out or
 * does not serve the zone is a failure datapoint for that server, never a failed reading.
 */
import { Resolver } from 'node:dns/promises';
import { performance } from 'node:perf_hooks';
import { isIP } from 'node:net';
import { Observable } from '../../rx.js';
import { addressTag, datum, nowSeconds, type Datum } from '../../datum.js';
import { sourceContext, type Source, type SourceContext } from '../../source.js';
import { METRICS } from './metrics.js';
import { DNS_DEFAULTS } from './defaults.js';

export { DNS_DEFAULTS } from './defaults.js';

/** A name server given in the config: a host name or an IP address, and its port when not `DnsOptions.port`. */
export interface DnsNameServer {
  host: string;
  port?: number;
}

export interface DnsOptions {
  /** The zone whose serials are compared, e.g. "example.org". */
  zone: string;
  /** Name servers to ask instead of the zone's NS records (host names are resolved with `resolvers`). Empty: discover. */
  nameServers: readonly DnsNameServer[];
  /** Resolvers for discovery (NS records and name server addresses), "ip" or "ip:port". Empty: the system's. */
  resolvers: readonly string[];
  /** Port on which every name server is asked for the SOA. */
  port: number;
  /** How long one SOA query may take, in milliseconds (one try). */
  queryTimeoutMs: number;
  /** Ask IPv6 addresses of the name servers too. */
  ipv6: boolean;
}

/** One address of one name server, as asked. */
export interface SoaAnswer {
  nameserver: string;
  /** '' when the name server's name could not be resolved. */
  address: string;
  /** Set when the server was asked on a port of its own (then part of the address tag). */
  port?: number;
  serial?: number;
  querySeconds?: number;
  /** Node's error code (ETIMEOUT, EREFUSED, ECONNREFUSED, ENOTFOUND...) when it failed. */
  error?: string;
}

/** Turns the answers for one zone into datapoints: per server, then the zone's consensus. Pure. */
export function soaData(zone: string, answers: readonly SoaAnswer[], timestamp: number): Datum[] {
  const points: Datum[] = [];
  for (const answer of answers) {
    const tags = { zone, nameserver: answer.nameserver, address: serverTag(answer.address, answer.port) };
    if (answer.serial !== undefined) {
      points.push(datum('dns.soa.serial', answer.serial, tags, timestamp));
      points.push(datum('dns.soa.query_time', answer.querySeconds ?? 0, tags, timestamp));
    }
    points.push(datum('dns.soa.failed', answer.serial === undefined ? 1 : 0, tags, timestamp));
  }
  const serials = new Set(answers.flatMap((answer) => (answer.serial === undefined ? [] : [answer.serial])));
  const failed = answers.filter((answer) => answer.serial === undefined).length;
  points.push(datum('dns.soa.in_agreement', serials.size === 1 ? 1 : 0, { zone }, timestamp));
  points.push(datum('dns.soa.distinct_serials', serials.size, { zone }, timestamp));
  points.push(datum('dns.soa.servers', answers.length, { zone }, timestamp));
  points.push(datum('dns.soa.failed_servers', failed, { zone }, timestamp));
  return points;
}

/**
 * An address as `addressTag` spells it (IPv6: 2001-db8--1, as rs-collector did), a port of its own appended after '_'
 * (127.0.0.1_5301), and no address at all becomes "none".
 */
export function serverTag(address: string, port?: number): string {
  if (address === '') return 'none';
  const cleaned = addressTag(address);
  return port === undefined ? cleaned : `${cleaned}_${port}`;
}

/** "ip:port" for Node's setServers, bracketing IPv6 addresses. */
function serverSpec(address: string, port: number): string {
  return isIP(address) === 6 ? `[${address}]:${port}` : `${address}:${port}`;
}

const errorCode = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? (error as Error).message;

export function createDnsSource(options: Pick<DnsOptions, 'zone'> & Partial<DnsOptions>, context: Partial<SourceContext> = {}): Source {
  const config: DnsOptions = { ...DNS_DEFAULTS, ...options, zone: options.zone.replace(/\.$/, '') };
  const { log } = sourceContext(context);

  /** Resolvers made for one reading; all cancelled when the reading is unsubscribed. */
  function newResolver(open: Set<Resolver>, servers: readonly string[]): Resolver {
    const resolver = new Resolver({ timeout: config.queryTimeoutMs, tries: 1 });
    if (servers.length > 0) resolver.setServers([...servers]);
    open.add(resolver);
    return resolver;
  }

  async function addressesOf(discovery: Resolver, host: string): Promise<string[]> {
    if (isIP(host) !== 0) return [host];
    const lookups = [discovery.resolve4(host), ...(config.ipv6 ? [discovery.resolve6(host)] : [])];
    const results = await Promise.allSettled(lookups);
    return results.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
  }

  async function ask(open: Set<Resolver>, nameserver: string, address: string, port: number): Promise<SoaAnswer> {
    const resolver = newResolver(open, [serverSpec(address, port)]);
    const ownPort = port === config.port ? {} : { port };
    const started = performance.now();
    try {
      const soa = await resolver.resolveSoa(config.zone);
      return { nameserver, address, ...ownPort, serial: soa.serial, querySeconds: (performance.now() - started) / 1000 };
    } catch (error) {
      log.debug({ zone: config.zone, nameserver, address, port, error: errorCode(error) }, 'dns: SOA query failed');
      return { nameserver, address, ...ownPort, error: errorCode(error) };
    }
  }

  async function read(open: Set<Resolver>): Promise<Datum[]> {
    const discovery = newResolver(open, config.resolvers);
    const nameServers: readonly DnsNameServer[] = config.nameServers.length > 0
      ? config.nameServers
      : (await discovery.resolveNs(config.zone).catch((error: unknown) => {
        throw new Error(`dns: cannot find the name servers of ${config.zone}: ${errorCode(error)}`);
      })).sort().map((host) => ({ host }));
    const perServer = await Promise.all(nameServers.map(async ({ host, port }): Promise<SoaAnswer[]> => {
      const addresses = await addressesOf(discovery, host);
      if (addresses.length === 0) return [{ nameserver: host, address: '', error: 'ENOTFOUND' }];
      return Promise.all(addresses.map((address) => ask(open, host, address, port ?? config.port)));
    }));
    return soaData(config.zone, perServer.flat(), nowSeconds());
  }

  return {
    name: `dns/${config.zone}`,
    metadata: METRICS,
    collect: () => new Observable<Datum[]>((subscriber) => {
      const open = new Set<Resolver>();
      read(open).then(
        (points) => {
          subscriber.next(points);
          subscriber.complete();
        },
        (error: unknown) => subscriber.error(error),
      );
      return () => {
        for (const resolver of open) resolver.cancel();
      };
    }),
  };
}

export { METRICS } from './metrics.js';
