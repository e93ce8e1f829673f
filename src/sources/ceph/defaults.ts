/** The ceph collector's defaults: what a library caller gets for an option left out, and the TOML table's defaults. */
import type { CephOptions } from './index.js';

export const CEPH_DEFAULTS = {
  configFile: '/etc/ceph/ceph.conf',
  cluster: '',
  user: 'admin',
  keyring: '',
  cephCommand: '/usr/bin/ceph',
  connectTimeoutSeconds: 10,
  commandTimeoutMs: 30_000,
} as const satisfies Required<CephOptions>;
