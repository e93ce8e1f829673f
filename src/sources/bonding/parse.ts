/**
 * Parses one `/proc/net/bonding/<bond>` file (drivers/net/bonding/bond_procfs.c) into plain data. Every mode prints
 * the same "Key: value" lines; 802.3ad adds an "802.3ad info" block with a tab-indented "Active Aggregator Info:"
 * and, per slave, the aggregator, churn counts and indented "details actor/partner lacp pdu:" blocks.
 *
 * The parser never throws: a line that is not "Key: value", or a known key whose value cannot be read, is skipped and
 * counted. Kernel words for "not known" (`Unknown` speed or duplex, `None` active slave) are absences, not skips.
 */

export interface BondAggregator {
  id?: number;
  ports?: number;
  actorKey?: number;
  partnerKey?: number;
  partnerMac?: string;
}

export interface BondSlave {
  name: string;
  /** `up`, `down`, `going back`, `going down` as the kernel prints it. */
  miiStatus?: string;
  speedMbit?: number;
  duplex?: 'full' | 'half';
  linkFailures?: number;
  permanentMac?: string;
  /** 802.3ad: the aggregator this slave was put in. */
  aggregatorId?: number;
  actorChurnState?: string;
  partnerChurnState?: string;
  actorChurned?: number;
  partnerChurned?: number;
  /** 802.3ad: the system MAC the partner announces in its LACPDUs (all zeros: no partner heard). */
  partnerSystemMac?: string;
}

export interface BondStatus {
  /** The mode line as printed: `IEEE 802.3ad Dynamic link aggregation`, `fault-tolerance (active-backup)`, ... */
  mode?: string;
  miiStatus?: string;
  /** `Currently Active Slave` in active-backup, balance-tlb and balance-alb; absent when the line is missing or None. */
  activeSlave?: string;
  /** Whether the file had a `Currently Active Slave` line at all (then every slave gets an is_active value). */
  reportsActiveSlave: boolean;
  lacpRate?: 'slow' | 'fast';
  lacpActive?: boolean;
  activeAggregator?: BondAggregator;
  slaves: BondSlave[];
}

export interface ParsedBonding {
  bond: BondStatus;
  /** Lines or values that could not be read. */
  skipped: number;
}

/** True when the mode line names 802.3ad (the only mode with aggregators). */
export function is8023ad(bond: BondStatus): boolean {
  return bond.mode?.includes('802.3ad') === true;
}

const INTEGER = /^(\d+)$/;
const MBPS = /^(\d+)\s*Mbps$/;

type Block = 'bond' | 'aggregator' | 'slave' | 'actor' | 'partner';

/** Section lines without a value: they only change where the following lines belong. */
const HEADERS = new Map<string, Block>([
  ['802.3ad info', 'bond'],
  ['active aggregator info', 'aggregator'],
  ['details actor lacp pdu', 'actor'],
  ['details partner lacp pdu', 'partner'],
]);

export function parseBonding(text: string): ParsedBonding {
  const bond: BondStatus = { reportsActiveSlave: false, slaves: [] };
  let skipped = 0;
  let block: Block = 'bond';
  let slave: BondSlave | undefined;

  const number = (value: string, pattern = INTEGER): number | undefined => {
    const digits = pattern.exec(value)?.[1];
    if (digits === undefined) skipped += 1;
    return digits === undefined ? undefined : Number(digits);
  };

  for (const raw of text.split('\n')) {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') continue;
    const indented = /^\s/.test(line);
    // An unindented line ends the indented aggregator / LACPDU blocks.
    if (!indented && block === 'aggregator') block = 'bond';
    if (!indented && (block === 'actor' || block === 'partner')) block = 'slave';

    const colon = line.indexOf(':');
    const key = (colon < 0 ? line : line.slice(0, colon)).trim().toLowerCase();
    const value = colon < 0 ? '' : line.slice(colon + 1).trim();
    const header = HEADERS.get(key);
    if (header !== undefined && value === '') {
      if (header === 'actor' || header === 'partner') {
        if (slave === undefined) skipped += 1;
        else block = header;
      } else {
        block = header;
      }
      continue;
    }
    if (colon < 0) {
      if (!/^bond \S+ has no active aggregator$/.test(line.trim())) skipped += 1;
      continue;
    }

    if (key === 'slave interface') {
      if (value === '') {
        skipped += 1;
        slave = undefined;
      } else {
        slave = { name: value };
        bond.slaves.push(slave);
      }
      block = 'slave';
      continue;
    }

    switch (block) {
      case 'bond':
        readBondLine(bond, key, value, () => (skipped += 1));
        break;
      case 'aggregator': {
        const aggregator = (bond.activeAggregator ??= {});
        if (key === 'aggregator id') aggregator.id = number(value);
        else if (key === 'number of ports') aggregator.ports = number(value);
        else if (key === 'actor key') aggregator.actorKey = number(value);
        else if (key === 'partner key') aggregator.partnerKey = number(value);
        else if (key === 'partner mac address') aggregator.partnerMac = mac(value, () => (skipped += 1));
        break;
      }
      case 'slave':
        if (slave === undefined) {
          skipped += 1;
          break;
        }
        if (key === 'mii status') slave.miiStatus = value;
        else if (key === 'speed') slave.speedMbit = value === 'Unknown' ? undefined : number(value, MBPS);
        else if (key === 'duplex') slave.duplex = duplex(value, () => (skipped += 1));
        else if (key === 'link failure count') slave.linkFailures = number(value);
        else if (key === 'permanent hw addr') slave.permanentMac = mac(value, () => (skipped += 1));
        else if (key === 'aggregator id') slave.aggregatorId = number(value);
        else if (key === 'actor churn state') slave.actorChurnState = value;
        else if (key === 'partner churn state') slave.partnerChurnState = value;
        else if (key === 'actor churned count') slave.actorChurned = number(value);
        else if (key === 'partner churned count') slave.partnerChurned = number(value);
        break;
      case 'partner':
        if (slave !== undefined && key === 'system mac address') slave.partnerSystemMac = mac(value, () => (skipped += 1));
        break;
      case 'actor':
        break;
    }
  }
  return { bond, skipped };
}

function readBondLine(bond: BondStatus, key: string, value: string, skip: () => void): void {
  switch (key) {
    case 'bonding mode':
      bond.mode = value;
      break;
    case 'mii status':
      bond.miiStatus = value;
      break;
    case 'currently active slave':
      bond.reportsActiveSlave = true;
      bond.activeSlave = value === 'None' || value === '' ? undefined : value;
      break;
    case 'lacp rate':
      if (value === 'slow' || value === 'fast') bond.lacpRate = value;
      else skip();
      break;
    case 'lacp active':
      if (value === 'on' || value === 'off') bond.lacpActive = value === 'on';
      else skip();
      break;
  }
}

function duplex(value: string, skip: () => void): 'full' | 'half' | undefined {
  if (value === 'full' || value === 'half') return value;
  if (value !== 'Unknown') skip();
  return undefined;
}

function mac(value: string, skip: () => void): string | undefined {
  if (/^[0-9a-f]{2}(:[0-9a-f]{2}){5}$/i.test(value)) return value.toLowerCase();
  skip();
  return undefined;
}

/** A MAC of all zeros: the kernel's way of saying no LACP partner has been heard. */
export function isZeroMac(address: string): boolean {
  return /^(00:){5}00$/.test(address);
}
