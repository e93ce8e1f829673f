/**
 * `[Ceph]`: which cluster to ask and as whom. The ceph binary, the config file and a named keyring must exist when the
 * config is loaded (as MegaRAID's MegaCli must): a typo is a configuration error naming the key, not a collector
 * that fails every reading.
 */
import { executableFile, readableFile } from '../../keyChecks.js';
import { ConfigError, type SourceTable } from '../../table.js';
import type { CephOptions } from './index.js';
import { CEPH_DEFAULTS } from './defaults.js';
import { METRICS } from './metrics.js';

export interface CephKeys {
  ConfigFile: string;
  Cluster: string;
  User: string;
  Keyring: string;
  CephCommand: string;
}

export const cephTable: SourceTable<CephKeys, CephOptions> = {
  table: 'Ceph',
  many: false,
  summary: 'Ceph cluster health and health checks, quorum, OSD and PG states, capacity per pool and OSD, client I/O (the ceph CLI).',
  metrics: METRICS,
  schema: {
    ConfigFile: {
      doc: 'The ceph.conf naming the monitors (passed as `ceph --conf`).',
      format: String,
      default: CEPH_DEFAULTS.configFile,
    },
    Cluster: {
      doc: 'Cluster name (`ceph --cluster`); empty for Ceph\'s default, "ceph". Sent as tag cluster.',
      format: String,
      default: CEPH_DEFAULTS.cluster,
    },
    User: {
      doc: 'Client to authenticate as: "admin" (`--id admin`) or a full name like "client.monitoring". Read-only '
        + 'monitor caps are enough (`mon \'allow r\' mgr \'allow r\'`).',
      format: String,
      default: CEPH_DEFAULTS.user,
    },
    Keyring: {
      doc: 'Keyring file of User; empty lets Ceph find it (/etc/ceph/<cluster>.client.<user>.keyring).',
      format: String,
      default: CEPH_DEFAULTS.keyring,
    },
    CephCommand: {
      doc: 'The ceph executable, run without a shell as `ceph --conf … --connect-timeout … -f json <command>`.',
      format: String,
      default: CEPH_DEFAULTS.cephCommand,
    },
  },
  toOptions(keys, path) {
    if (keys.User.trim() === '') throw new ConfigError(`${path}.User`, 'must not be empty');
    return {
      configFile: readableFile(keys.ConfigFile, `${path}.ConfigFile`),
      cluster: keys.Cluster,
      user: keys.User.trim(),
      keyring: keys.Keyring === '' ? '' : readableFile(keys.Keyring, `${path}.Keyring`),
      cephCommand: executableFile(keys.CephCommand, `${path}.CephCommand`),
    };
  },
  load: async () => (await import('./index.js')).createCephSource,
};
