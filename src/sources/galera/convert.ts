/**
 * Parsed wsrep values → datapoints for one source instance, keeping what must outlive a reading: the metadata of
 * variables the table does not know, and whether "not a Galera node" was already said.
 */
import { datum, nowSeconds, type Datum, type MetricMeta } from '../../datum.js';
import { sourceContext, type SourceContext } from '../../source.js';
import { KNOWN_METRICS, METRICS, PROVIDER_LOADED, unknownMetricMeta } from './metrics.js';
import { parseWsrepStatus, type StatusRow } from './parse.js';

/** Unknown variables already warned about, process-wide: one warning per name per process, not one per reading. */
const warnedUnknown = new Set<string>();

export interface WsrepConverter {
  /** The table's metadata plus that of every unknown variable seen so far. */
  readonly metadata: readonly MetricMeta[];
  toData(rows: readonly StatusRow[], timestamp?: number): Datum[];
}

export function createWsrepConverter(tags: Record<string, string>, context: Partial<SourceContext> = {}): WsrepConverter {
  const { log, skip } = sourceContext(context);
  const metadata: MetricMeta[] = [...METRICS];
  const described = new Set(KNOWN_METRICS);
  let saidNotGalera = false;

  function describe(metric: string): void {
    if (described.has(metric)) return;
    described.add(metric);
    metadata.push(unknownMetricMeta(metric));
    if (warnedUnknown.has(metric)) return;
    warnedUnknown.add(metric);
    log.warn({ metric }, 'wsrep variable not in the metric table; sending it as a gauge');
  }

  return {
    metadata,
    toData(rows, timestamp = nowSeconds()) {
      const reading = parseWsrepStatus(rows);
      if (!reading.isGalera) {
        // said once, and the single series makes it visible in Bosun instead of a cluster of size 0 failing alerts
        if (!saidNotGalera) log.warn({ ...tags }, 'not a Galera node (no wsrep provider loaded); sending only galera.provider.loaded=0');
        saidNotGalera = true;
        return [datum(PROVIDER_LOADED, 0, tags, timestamp)];
      }
      saidNotGalera = false;
      skip(reading.skipped.length, 'wsrep variables skipped', { variables: reading.skipped });
      for (const { metric } of reading.values) describe(metric);
      return [
        datum(PROVIDER_LOADED, 1, tags, timestamp),
        ...reading.values.map(({ metric, value }) => datum(metric, value, tags, timestamp)),
      ];
    },
  };
}
