/**
 * The Ceph source's metric table. Names are `ceph.` + what Ceph calls the thing; cluster-wide OSD counts are
 * `ceph.osds.*`, one OSD's figures `ceph.osd.*` (tag `osd`). Every metric carries tag `cluster` (the cluster name).
 */
import type { MetricTable } from '../../source.js';

/** Ceph's overall health as a number, so Bosun can alert on `> 0`. */
export const HEALTH_LEVELS: ReadonlyMap<string, number> = new Map([
  ['HEALTH_OK', 0],
  ['HEALTH_WARN', 1],
  ['HEALTH_ERR', 2],
]);

const CLUSTER = ['cluster'] as const;
const CHECK = ['cluster', 'check'] as const;
const POOL = ['cluster', 'pool'] as const;
const OSD = ['cluster', 'osd'] as const;

export const METRICS: MetricTable = [
  // health (`ceph health detail`)
  { metric: 'ceph.health', rate: 'gauge', unit: 'state', tags: CLUSTER,
    desc: 'Overall cluster health: 0 HEALTH_OK, 1 HEALTH_WARN, 2 HEALTH_ERR.' },
  { metric: 'ceph.health.check', rate: 'gauge', unit: 'state', tags: CHECK,
    desc: 'One health check (tag check, e.g. OSD_DOWN, POOL_FULL): 1 while it raises a warning, 2 while it raises an '
      + 'error, 0 once a check seen earlier by this agent has cleared.' },
  { metric: 'ceph.health.check.count', rate: 'gauge', unit: 'count', tags: CHECK,
    desc: 'How many things the active health check is about (its summary count: OSDs down, PGs stale, pools full, ...); '
      + '0 once it has cleared.' },
  { metric: 'ceph.health.check.muted', rate: 'gauge', unit: 'bool', tags: CHECK,
    desc: '1 when the active health check is muted (`ceph health mute`), 0 when not.' },
  // monitors, OSDs, placement groups (`ceph status`)
  { metric: 'ceph.mon.in_quorum', rate: 'gauge', unit: 'monitors', tags: CLUSTER,
    desc: 'Monitors in the quorum.' },
  { metric: 'ceph.mon.out_of_quorum', rate: 'gauge', unit: 'monitors', tags: CLUSTER,
    desc: 'Monitors in the monitor map but not in the quorum.' },
  { metric: 'ceph.osds.total', rate: 'gauge', unit: 'OSDs', tags: CLUSTER, desc: 'OSDs in the OSD map.' },
  { metric: 'ceph.osds.up', rate: 'gauge', unit: 'OSDs', tags: CLUSTER, desc: 'OSDs running and reporting (up).' },
  { metric: 'ceph.osds.in', rate: 'gauge', unit: 'OSDs', tags: CLUSTER, desc: 'OSDs that hold data (in).' },
  { metric: 'ceph.pg.total', rate: 'gauge', unit: 'PGs', tags: CLUSTER, desc: 'Placement groups in the cluster.' },
  { metric: 'ceph.pg.state', rate: 'gauge', unit: 'PGs', tags: ['cluster', 'state'],
    desc: 'Placement groups per state (tag state: active, clean, degraded, stale, peering, ...). A PG in '
      + 'active+clean counts under both active and clean; a state seen earlier by this agent is sent as 0 once no PG '
      + 'is in it.' },
  { metric: 'ceph.pg.remapped', rate: 'gauge', unit: 'PGs', tags: CLUSTER,
    desc: 'Placement groups mapped to other OSDs than their acting set (moving data).' },
  { metric: 'ceph.pools', rate: 'gauge', unit: 'pools', tags: CLUSTER, desc: 'Pools in the cluster.' },
  { metric: 'ceph.objects', rate: 'gauge', unit: 'objects', tags: CLUSTER, desc: 'Objects stored in all pools.' },
  // client and recovery I/O (`ceph status`; Ceph leaves them out while they are 0, and so they are sent as 0)
  { metric: 'ceph.io.read.bytes', rate: 'rate', unit: 'bytes', tags: CLUSTER,
    desc: 'Bytes per second clients read, as the manager last measured it.' },
  { metric: 'ceph.io.write.bytes', rate: 'rate', unit: 'bytes', tags: CLUSTER,
    desc: 'Bytes per second clients wrote, as the manager last measured it.' },
  { metric: 'ceph.io.read.ops', rate: 'rate', unit: 'operations', tags: CLUSTER,
    desc: 'Client read operations per second.' },
  { metric: 'ceph.io.write.ops', rate: 'rate', unit: 'operations', tags: CLUSTER,
    desc: 'Client write operations per second.' },
  { metric: 'ceph.recovery.bytes', rate: 'rate', unit: 'bytes', tags: CLUSTER,
    desc: 'Bytes per second moved by recovery and backfill.' },
  { metric: 'ceph.recovery.objects', rate: 'rate', unit: 'objects', tags: CLUSTER,
    desc: 'Objects per second recovered.' },
  // capacity (`ceph df`)
  { metric: 'ceph.bytes.total', rate: 'gauge', unit: 'bytes', tags: CLUSTER, desc: 'Raw capacity of all OSDs.' },
  { metric: 'ceph.bytes.used', rate: 'gauge', unit: 'bytes', tags: CLUSTER,
    desc: 'Raw bytes used on all OSDs (data times replication, plus overhead).' },
  { metric: 'ceph.bytes.avail', rate: 'gauge', unit: 'bytes', tags: CLUSTER, desc: 'Raw bytes free on all OSDs.' },
  { metric: 'ceph.used.percent', rate: 'gauge', unit: 'percent', tags: CLUSTER,
    desc: 'Raw capacity used, in percent.' },
  { metric: 'ceph.pool.bytes.stored', rate: 'gauge', unit: 'bytes', tags: POOL,
    desc: 'Bytes of data clients stored in the pool (before replication).' },
  { metric: 'ceph.pool.bytes.used', rate: 'gauge', unit: 'bytes', tags: POOL,
    desc: 'Raw bytes the pool takes on the OSDs (after replication).' },
  { metric: 'ceph.pool.bytes.avail', rate: 'gauge', unit: 'bytes', tags: POOL,
    desc: 'Bytes clients can still store in the pool before the fullest OSD reaches the full ratio (Ceph\'s MAX AVAIL).' },
  { metric: 'ceph.pool.objects', rate: 'gauge', unit: 'objects', tags: POOL, desc: 'Objects in the pool.' },
  { metric: 'ceph.pool.used.percent', rate: 'gauge', unit: 'percent', tags: POOL,
    desc: 'How full the pool is, in percent of what it could hold (Ceph\'s %USED).' },
  // per OSD (`ceph osd df`, `ceph osd dump`)
  { metric: 'ceph.osd.utilization', rate: 'gauge', unit: 'percent', tags: OSD, desc: 'Share of the OSD\'s capacity used, in percent.' },
  { metric: 'ceph.osd.bytes.total', rate: 'gauge', unit: 'bytes', tags: OSD, desc: 'Capacity of the OSD.' },
  { metric: 'ceph.osd.bytes.used', rate: 'gauge', unit: 'bytes', tags: OSD, desc: 'Bytes used on the OSD.' },
  { metric: 'ceph.osd.bytes.avail', rate: 'gauge', unit: 'bytes', tags: OSD, desc: 'Bytes free on the OSD.' },
  { metric: 'ceph.osd.pgs', rate: 'gauge', unit: 'PGs', tags: OSD, desc: 'Placement groups on the OSD.' },
  { metric: 'ceph.osd.up', rate: 'gauge', unit: 'bool', tags: OSD, desc: '1 while the OSD is up, 0 while it is down.' },
  { metric: 'ceph.osd.in', rate: 'gauge', unit: 'bool', tags: OSD, desc: '1 while the OSD is in (holds data), 0 when out.' },
  { metric: 'ceph.osd.ratio.nearfull', rate: 'gauge', unit: 'ratio', tags: CLUSTER,
    desc: 'Utilisation (0–1) above which an OSD is near full (HEALTH_WARN OSD_NEARFULL).' },
  { metric: 'ceph.osd.ratio.backfillfull', rate: 'gauge', unit: 'ratio', tags: CLUSTER,
    desc: 'Utilisation (0–1) above which an OSD takes no more backfill.' },
  { metric: 'ceph.osd.ratio.full', rate: 'gauge', unit: 'ratio', tags: CLUSTER,
    desc: 'Utilisation (0–1) above which an OSD is full and writes stop (HEALTH_ERR OSD_FULL).' },
];
