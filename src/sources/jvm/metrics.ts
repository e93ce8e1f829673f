import { type MetricMeta } from '../../datum.js';
import { type MetricTable } from '../../source.js';

export const PREFIX = 'jvm.gc.stats.';

export const TAGS = ['jvm_name', 'pid'] as const;

/** jstat's column header → metric, in rs-collector's names and units (kB for sizes, seconds for times). */
export const COLUMNS: Readonly<Record<string, Omit<MetricMeta, 'tags'>>> = {
  S0C: { metric: `${PREFIX}survivor_space_0_capacity`, rate: 'gauge', unit: 'kB', desc: 'Capacity of survivor space 0.' },
  S1C: { metric: `${PREFIX}survivor_space_1_capacity`, rate: 'gauge', unit: 'kB', desc: 'Capacity of survivor space 1.' },
  S0U: { metric: `${PREFIX}survivor_space_0_utilization`, rate: 'gauge', unit: 'kB', desc: 'Used part of survivor space 0.' },
  S1U: { metric: `${PREFIX}survivor_space_1_utilization`, rate: 'gauge', unit: 'kB', desc: 'Used part of survivor space 1.' },
  EC: { metric: `${PREFIX}current_eden_space_capacity`, rate: 'gauge', unit: 'kB', desc: 'Capacity of the eden space.' },
  EU: { metric: `${PREFIX}eden_space_utilization`, rate: 'gauge', unit: 'kB', desc: 'Used part of the eden space.' },
  OC: { metric: `${PREFIX}current_old_space_capacity`, rate: 'gauge', unit: 'kB', desc: 'Capacity of the old generation.' },
  OU: { metric: `${PREFIX}old_space_utilization`, rate: 'gauge', unit: 'kB', desc: 'Used part of the old generation.' },
  PC: { metric: `${PREFIX}current_permanent_space_capacity`, rate: 'gauge', unit: 'kB', desc: 'Capacity of the permanent generation (JDK 7 and older).' },
  PU: { metric: `${PREFIX}permanent_space_utilization`, rate: 'gauge', unit: 'kB', desc: 'Used part of the permanent generation (JDK 7 and older).' },
  MC: { metric: `${PREFIX}metaspace_capacity`, rate: 'gauge', unit: 'kB', desc: 'Committed metaspace (JDK 8 and newer).' },
  MU: { metric: `${PREFIX}metaspace_utilization`, rate: 'gauge', unit: 'kB', desc: 'Used metaspace (JDK 8 and newer).' },
  CCSC: { metric: `${PREFIX}compressed_class_space_capacity`, rate: 'gauge', unit: 'kB', desc: 'Committed compressed class space.' },
  CCSU: { metric: `${PREFIX}compressed_class_space_used`, rate: 'gauge', unit: 'kB', desc: 'Used compressed class space.' },
  YGC: { metric: `${PREFIX}young_generation_gc_events`, rate: 'counter', unit: 'Event', desc: 'Young generation collections since the JVM started.' },
  YGCT: { metric: `${PREFIX}young_generation_gc_time`, rate: 'counter', unit: 's', desc: 'Time spent in young generation collections.' },
  FGC: { metric: `${PREFIX}full_gc_events`, rate: 'counter', unit: 'Event', desc: 'Full (stop-the-world old generation) collections since the JVM started.' },
  FGCT: { metric: `${PREFIX}full_gc_time`, rate: 'counter', unit: 's', desc: 'Time spent in full collections.' },
  // JDK 9+ prints these for concurrent collectors (G1, ZGC, Shenandoah); rs-collector ignored them.
  CGC: { metric: `${PREFIX}concurrent_gc_events`, rate: 'counter', unit: 'Event', desc: 'Concurrent collection cycles (JDK 9 and newer, concurrent collectors only).' },
  CGCT: { metric: `${PREFIX}concurrent_gc_time`, rate: 'counter', unit: 's', desc: 'Time spent in concurrent collection pauses (JDK 9 and newer).' },
  GCT: { metric: `${PREFIX}total_gc_time`, rate: 'counter', unit: 's', desc: 'Time spent in all garbage collections.' },
};

export const METRICS: MetricTable = Object.values(COLUMNS).map((meta) => ({ ...meta, tags: TAGS }));
