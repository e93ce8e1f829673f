/** `[Bonding]`: the Linux bonding driver's view of every bond (new in rx-collector; scollector read it unconfigured). */
import { BONDING_DEFAULTS, createBondingSource, type BondingOptions } from './index.js';
import { ConfigError, type SourceTable } from '../../table.js';

export interface BondingKeys {
  ProcRoot: string;
}

export const bondingTable: SourceTable<BondingKeys, BondingOptions> = {
  table: 'Bonding',
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
