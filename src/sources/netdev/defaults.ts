/** The netdev collector's defaults: what a library caller gets for an option left out, and the TOML table's defaults. */
import type { NetDevOptions } from './index.js';

/**
 * scollector's default interface pattern (`ifstatRE` in ifstat_linux.go), anchored: physical NICs under their kernel,
 * biosdevname and systemd names, bonds and teams. Loopback, bridges, VLAN devices (`eth0.100`), `ifb` mirrors and
 * container plumbing do not match, so their traffic is not counted a second time. scollector's pattern was unanchored
 * at the front, which reported `veth12` as `eth12`; whole names only here.
 */
export const SCOLLECTOR_INTERFACES = String.raw`^(eth\d+|em\d+_\d+/\d+|em\d+_\d+|em\d+|bond\d+|team\d+|p\d+p\d+_\d+/\d+|p\d+p\d+_\d+|p\d+p\d+`
  + String.raw`|en[A-Za-z0-9]+|wl[A-Za-z0-9]+|ww[A-Za-z0-9]+)$`;

export const NET_DEV_DEFAULTS: NetDevOptions = { procRoot: '/proc', sysRoot: '/sys', include: new RegExp(SCOLLECTOR_INTERFACES) };
