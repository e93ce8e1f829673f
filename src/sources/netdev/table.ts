/**
 * `[NetDev]`: interface counters from /proc/net/dev (new in rx-collector; scollector's ifstat collector ran
 * unconfigured). Spelled after the file it reads, as `[Bonding]` is. On only when configured (and in the embedded
 * default), so a host still running scollector does not send the same series twice.
 */
import type { NetDevOptions } from './index.js';
import { NET_DEV_DEFAULTS, SCOLLECTOR_INTERFACES } from './defaults.js';
import { METRICS } from './metrics.js';
import type { SourceTable } from '../../table.js';
import { absolutePath, regexKey } from '../../keyChecks.js';

export interface NetDevKeys {
  ProcRoot: string;
  SysRoot: string;
  Include: string;
  Exclude: string;
}

export const netDevTable: SourceTable<NetDevKeys, NetDevOptions> = {
  table: 'NetDev',
  summary: 'Interface counters and link speed (/proc/net/dev, /sys/class/net).',
  metrics: METRICS,
  many: false,
  onByDefault: true,
  schema: {
    ProcRoot: { doc: 'Where proc is mounted: counters from <ProcRoot>/net/dev, bonds from <ProcRoot>/net/bonding/.', format: String, default: NET_DEV_DEFAULTS.procRoot },
    SysRoot: { doc: 'Where sysfs is mounted: link speed from <SysRoot>/class/net/<iface>/speed.', format: String, default: NET_DEV_DEFAULTS.sysRoot },
    Include: {
      doc: 'Regular expression (JavaScript syntax, unanchored): only matching interfaces are reported; empty: all.'
        + ' The default is scollector\'s interface pattern, anchored (physical NICs, bonds, teams; not lo, bridges, VLAN, ifb or container devices).',
      format: String,
      default: SCOLLECTOR_INTERFACES,
    },
    Exclude: { doc: 'Regular expression (JavaScript syntax, unanchored): matching interfaces are left out, after Include; empty: none.', format: String, default: '' },
  },
  toOptions(keys, path) {
    return {
      procRoot: absolutePath(keys.ProcRoot, `${path}.ProcRoot`),
      sysRoot: absolutePath(keys.SysRoot, `${path}.SysRoot`),
      include: pattern(keys.Include, `${path}.Include`),
      exclude: pattern(keys.Exclude, `${path}.Exclude`),
    };
  },
  load: async () => (await import('./index.js')).createNetDevSource,
};

const pattern = (source: string, key: string): RegExp | undefined => (source === '' ? undefined : regexKey(source, key));
