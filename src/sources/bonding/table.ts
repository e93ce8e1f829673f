/** `[Bonding]`: the Linux bonding driver's view of every bond (new in rx-collector; scollector read it unconfigured). */
import { BONDING_DEFAULTS, createBondingSource, type BondingOptions, METRICS } from './index.js';
import { ConfigError, type SourceTable } from '../../table.js';

export interface BondingKeys {
  ProcRoot: string;
}

export const bondingTable: SourceTable<BondingKeys, BondingOptions> = {
  table: 'Bonding',
  summary: 'Linux bonding driver state of every bond and its slaves (/proc/net/bonding).',
  metrics: METRICS,
  many: false,
  // Hosts without bonds send nothing, so it costs nothing to have it on everywhere.
  onByDefault: true,
  schema: {
    ProcRoot: {
      doc: 'Where proc is mounted; bonds are read from <ProcRoot>/net/bonding/ (a container watching its host: /host/proc).',
      format: String,
      default: BONDING_DEFAULTS.procRoot,
    },
  },
  toOptions(keys, path) {
    if (!keys.ProcRoot.startsWith('/')) throw new ConfigError(`${path}.ProcRoot`, `${JSON.stringify(keys.ProcRoot)} is not an absolute path`);
    return { procRoot: keys.ProcRoot };
  },
  create: createBondingSource,
};
