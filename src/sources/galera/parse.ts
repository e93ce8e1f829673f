/**
 * `SHOW GLOBAL STATUS LIKE 'wsrep_%'` rows → Galera metric values, as rs-collector maps them (0 = good for states),
 * with what rs-collector got wrong fixed: short or empty UUIDs are skipped instead of panicking, any numeric variable is
 * sent, the replication latency is split into its five parts, and a server without a provider is recognised.
 */
import { parseStatusNumber, type StatusRow } from '../mysql/status.js';
import { metricName } from './metrics.js';

export { parseStatusNumber, type StatusRow } from '../mysql/status.js';

export interface WsrepValue {
  metric: string;
  value: number;
}

/** A variable that could not be turned into a number, with why (the source counts and logs these at debug). */
export interface SkippedVariable {
  variable: string;
  value: string;
  reason: string;
}

export interface WsrepReading {
  /** False for a MySQL/MariaDB without a Galera provider: it still reports wsrep variables, all meaningless. */
  isGalera: boolean;
  values: WsrepValue[];
  skipped: SkippedVariable[];
}

/**
 * rs-collector's state mappings: 0 is the healthy value, so `sum(...) == 0` alerts work across nodes. Compared without
 * regard to case, as rs-collector lower-cases them; an empty value is not sent (rs-collector sent 1 for the two states).
 */
const STATES: Readonly<Record<string, (value: string) => number | undefined>> = {
  wsrep_cluster_status: (value) => (value === 'primary' ? 0 : value === '' ? undefined : 1),
  wsrep_evs_state: (value) => (value === 'operational' ? 0 : value === '' ? undefined : 1),
  wsrep_connected: onOff,
  wsrep_ready: onOff,
};

function onOff(value: string): number | undefined {
  if (value === 'on') return 0;
  if (value === 'off') return 1;
  return undefined;
}

const UUIDS: ReadonlySet<string> = new Set(['wsrep_local_state_uuid', 'wsrep_gcomm_uuid', 'wsrep_cluster_state_uuid']);

/** Text that describes something already sent as a number, or is not a measurement at all. */
const TEXT_ONLY: ReadonlySet<string> = new Set([
  'wsrep_local_state_comment', 'wsrep_incoming_addresses', 'wsrep_evs_delayed', 'wsrep_evs_evict_list',
  'wsrep_provider_name', 'wsrep_provider_vendor', 'wsrep_provider_version', 'wsrep_provider_capabilities',
  'wsrep_cluster_capabilities', 'wsrep_checkpoint_position', 'wsrep_se_checkpoint',
]);

const LATENCY = 'wsrep_evs_repl_latency';
const LATENCY_PARTS = ['min', 'avg', 'max', 'stddev', 'samples'] as const;

const UUID_TAIL = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-([0-9a-f]{12})$/i;

/** The last 12 hex digits of a UUID as a decimal (fits a double exactly: 48 bits); undefined unless a full UUID. */
export function uuidToDecimal(uuid: string): number | undefined {
  const match = UUID_TAIL.exec(uuid.trim());
  return match?.[1] === undefined ? undefined : Number.parseInt(match[1], 16);
}

/** Turns the status rows of one server into metric values. Pure: the source adds tags and the timestamp. */
export function parseWsrepStatus(rows: readonly StatusRow[]): WsrepReading {
  const byName = new Map(rows.map((row) => [row.Variable_name.toLowerCase(), row.Value ?? '']));
  const provider = byName.get('wsrep_provider_name') ?? '';
  if (provider.trim() === '') return { isGalera: false, values: [], skipped: [] };

  const values: WsrepValue[] = [];
  const skipped: SkippedVariable[] = [];
  for (const [variable, value] of byName) {
    if (TEXT_ONLY.has(variable)) continue;
    const skip = (reason: string): void => void skipped.push({ variable, value, reason });
    if (variable === LATENCY) {
      const parts = value.split('/').map(parseStatusNumber);
      if (parts.length !== LATENCY_PARTS.length || parts.some((part) => part === undefined)) {
        skip('not min/avg/max/stddev/samples');
        continue;
      }
      LATENCY_PARTS.forEach((part, i) => values.push({ metric: metricName(`${LATENCY}_${part}`), value: parts[i] ?? 0 }));
      continue;
    }
    const number = convert(variable, value);
    if (number === undefined) skip(value === '' ? 'empty' : 'not a number or a known state');
    else values.push({ metric: metricName(variable), value: number });
  }
  return { isGalera: true, values, skipped };
}

function convert(variable: string, value: string): number | undefined {
  const state = STATES[variable];
  if (state !== undefined) return state(value.trim().toLowerCase());
  if (UUIDS.has(variable)) return uuidToDecimal(value);
  const lower = value.trim().toLowerCase();
  if (lower === 'true') return 1;
  if (lower === 'false') return 0;
  return parseStatusNumber(value);
}
