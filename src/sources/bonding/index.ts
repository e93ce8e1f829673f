/**
 * Linux bonding state from `<procRoot>/net/bonding/<bond>`, every mode: scollector's slave up/count series, and what
 * scollector never reported — link failures, churn, LACP partner, and 802.3ad aggregator mismatch (a slave whose link
 * is up but that sits in another aggregator than the bond's active one carries no traffic).
 *
 * No bonding driver or no bonds: no points and no error.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromAbortable } from '../abortable.js';
import { datum, nowSeconds, type Datum, type MetricMeta } from '../../datum.js';
import { is8023ad, isZeroMac, parseBonding, type BondStatus } from './parse.js';
import { sourceContext, type Source, type SourceContext } from '../../source.js';

const BOND = ['bond'] as const;
const SLAVE = ['bond', 'slave'] as const;

export const METRICS = [
  { metric: 'linux.net.bond.slave.count', rate: 'gauge', unit: 'slaves', tags: BOND, desc: 'Slaves enslaved to the bond.' },
  { metric: 'linux.net.bond.is_up', rate: 'gauge', unit: 'bool', tags: BOND, desc: 'Bond MII status: 1 up, 0 anything else.' },
  { metric: 'linux.net.bond.lacp_rate', rate: 'gauge', unit: 'bool', tags: BOND, desc: '802.3ad LACPDU rate: 0 slow (every 30 s), 1 fast (every second).' },
  { metric: 'linux.net.bond.aggregator.ports', rate: 'gauge', unit: 'ports', tags: BOND, desc: '802.3ad: ports in the active aggregator; 0 when the bond has no active aggregator.' },
  { metric: 'linux.net.bond.no_partner', rate: 'gauge', unit: 'bool', tags: BOND, desc: '802.3ad: 1 when the active aggregator\'s partner MAC is all zeros (no LACP partner heard), else 0.' },
  { metric: 'linux.net.bond.slave.is_up', rate: 'gauge', unit: 'bool', tags: SLAVE, desc: 'Slave MII status: 1 up, 0 down, going down or going back.' },
  { metric: 'linux.net.bond.slave.is_active', rate: 'gauge', unit: 'bool', tags: SLAVE, desc: 'Modes with one active slave (active-backup, balance-tlb, balance-alb): 1 for the currently active slave, 0 for the others.' },
  { metric: 'linux.net.bond.slave.link_failures', rate: 'counter', unit: 'count', tags: SLAVE, desc: 'Link failures the bonding driver counted for the slave.' },
  { metric: 'linux.net.bond.slave.speed', rate: 'gauge', unit: 'Mbit', tags: SLAVE, desc: 'Slave link speed; not sent while the kernel reports it Unknown.' },
  { metric: 'linux.net.bond.slave.full_duplex', rate: 'gauge', unit: 'bool', tags: SLAVE, desc: 'Slave duplex: 1 full, 0 half; not sent while Unknown.' },
  { metric: 'linux.net.bond.slave.actor_churned', rate: 'counter', unit: 'count', tags: SLAVE, desc: '802.3ad: times our side of the slave\'s LACP went into churn (could not agree with the partner).' },
  { metric: 'linux.net.bond.slave.partner_churned', rate: 'counter', unit: 'count', tags: SLAVE, desc: '802.3ad: times the partner side of the slave\'s LACP went into churn.' },
  { metric: 'linux.net.bond.slave.aggregator_mismatch', rate: 'gauge', unit: 'bool', tags: SLAVE, desc: '802.3ad: 1 when the slave\'s aggregator is not the bond\'s active aggregator (link up, but no traffic), else 0.' },
  { metric: 'linux.net.bond.slave.no_partner', rate: 'gauge', unit: 'bool', tags: SLAVE, desc: '802.3ad: 1 when the partner system MAC in the slave\'s LACPDU details is all zeros (no LACP partner on that port), else 0.' },
] as const satisfies readonly MetricMeta[];

export interface BondingOptions {
  /** Where proc is mounted; the bonds are read from `<procRoot>/net/bonding/`. */
  procRoot: string;
}

export const BONDING_DEFAULTS: BondingOptions = { procRoot: '/proc' };

const bool = (condition: boolean): number => (condition ? 1 : 0);

/** The datapoints of one bond's status. */
export function bondDatums(name: string, bond: BondStatus, timestamp: number): Datum[] {
  const points: Datum[] = [];
  const add = (metric: string, value: number | undefined, tags: Record<string, string>): void => {
    if (value !== undefined) points.push(datum(metric, value, tags, timestamp));
  };
  const lacp = is8023ad(bond);
  const aggregator = bond.activeAggregator;
  const bondTags = { bond: name };
  add('linux.net.bond.slave.count', bond.slaves.length, bondTags);
  if (bond.miiStatus !== undefined) add('linux.net.bond.is_up', bool(bond.miiStatus === 'up'), bondTags);
  if (bond.lacpRate !== undefined) add('linux.net.bond.lacp_rate', bool(bond.lacpRate === 'fast'), bondTags);
  if (lacp) add('linux.net.bond.aggregator.ports', aggregator === undefined ? 0 : aggregator.ports, bondTags);
  if (aggregator?.partnerMac !== undefined) add('linux.net.bond.no_partner', bool(isZeroMac(aggregator.partnerMac)), bondTags);

  for (const slave of bond.slaves) {
    const tags = { bond: name, slave: slave.name };
    if (slave.miiStatus !== undefined) add('linux.net.bond.slave.is_up', bool(slave.miiStatus === 'up'), tags);
    if (bond.reportsActiveSlave) add('linux.net.bond.slave.is_active', bool(bond.activeSlave === slave.name), tags);
    add('linux.net.bond.slave.link_failures', slave.linkFailures, tags);
    add('linux.net.bond.slave.speed', slave.speedMbit, tags);
    if (slave.duplex !== undefined) add('linux.net.bond.slave.full_duplex', bool(slave.duplex === 'full'), tags);
    add('linux.net.bond.slave.actor_churned', slave.actorChurned, tags);
    add('linux.net.bond.slave.partner_churned', slave.partnerChurned, tags);
    if (lacp && aggregator?.id !== undefined && slave.aggregatorId !== undefined) {
      add('linux.net.bond.slave.aggregator_mismatch', bool(slave.aggregatorId !== aggregator.id), tags);
    }
    if (slave.partnerSystemMac !== undefined) add('linux.net.bond.slave.no_partner', bool(isZeroMac(slave.partnerSystemMac)), tags);
  }
  return points;
}

/** Names of the bonds the kernel has (file names in `<procRoot>/net/bonding/`); none when bonding is not loaded. */
export async function listBonds(procRoot: string): Promise<string[]> {
  try {
    return (await readdir(join(procRoot, 'net', 'bonding'))).sort();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return [];
    throw error;
  }
}

export function createBondingSource(options: Partial<BondingOptions> = {}, context: Partial<SourceContext> = {}): Source {
  const { procRoot } = { ...BONDING_DEFAULTS, ...options };
  const { skip } = sourceContext(context);

  async function read(signal: AbortSignal): Promise<Datum[]> {
    const timestamp = nowSeconds();
    const points: Datum[] = [];
    for (const name of await listBonds(procRoot)) {
      let text: string;
      try {
        text = await readFile(join(procRoot, 'net', 'bonding', name), { encoding: 'utf8', signal });
      } catch (error) {
        if (signal.aborted) throw error;
        // A bond removed between the listing and the read is not a failed reading.
        skip(1, 'bonding: cannot read bond status, skipped', { bond: name, err: error });
        continue;
      }
      const parsed = parseBonding(text);
      skip(parsed.skipped, 'bonding: unreadable lines skipped', { bond: name });
      points.push(...bondDatums(name, parsed.bond, timestamp));
    }
    return points;
  }

  return {
    name: 'bonding',
    metadata: METRICS,
    collect: () => fromAbortable(read),
  };
}
