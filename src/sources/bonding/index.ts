/**
 * Linux bonding state from `<procRoot>/net/bonding/<bond>`, every mode: scollector's slave up/count series, and what
 * scollector never reported — link failures, churn, LACP partner, and 802.3ad aggregator mismatch (a slave whose link
 * is up but that sits in another aggregator than the bond's active one carries no traffic).
 *
 * No bonding driver or no bonds: no points and no error.
 */
import { existsSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fromAbortable } from '../abortable.js';
import { datum, nowSeconds, type Datum } from '../../datum.js';
import { is8023ad, isZeroMac, parseBonding, type BondStatus } from './parse.js';
import { sourceContext, type Source, type SourceContext } from '../../source.js';
import { METRICS } from './metrics.js';
import { BONDING_DEFAULTS } from './defaults.js';

export { BONDING_DEFAULTS } from './defaults.js';

export interface BondingOptions {
  /** Where proc is mounted; the bonds are read from `<procRoot>/net/bonding/`. */
  procRoot: string;
}

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

/**
 * Names of the bonds the kernel has (file names in `<procRoot>/net/bonding/`); none when bonding is not loaded. A
 * synchronous listing: /proc answers from memory, where the promise-based one is a trip to the thread pool.
 */
export function listBonds(procRoot: string): string[] {
  const dir = join(procRoot, 'net', 'bonding');
  // Most hosts have no bonding: asking first costs no exception at every reading.
  if (!existsSync(dir)) return [];
  try {
    return readdirSync(dir).sort();
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
    for (const name of listBonds(procRoot)) {
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

export { METRICS } from './metrics.js';
export type { BondAggregator, BondSlave, BondStatus } from './parse.js';
