/** `[Bonding]`: the Linux bonding driver's view of every bond (new in rx-collector; scollector read it unconfigured). */
import type { BondingOptions } from './index.js';
import { BONDING_DEFAULTS } from './defaults.js';
import { METRICS } from './metrics.js';
import type { SourceTable } from '../../table.js';
import { absolutePath } from '../../keyChecks.js';

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
    return { procRoot: absolutePath(keys.ProcRoot, `${path}.ProcRoot`) };
  },
  load: async () => (await import('./index.js')).createBondingSource,
};
