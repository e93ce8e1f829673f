/**
 * `[Megaraid]` with rs-collector's own key spelling (snake_case, unlike every other table). `adapter` takes an integer
 * or "ALL" — rs-collector documented "ALL" but could only parse integers.
 */
import { ConfigError, type SourceTable } from '../../table.js';
import type { MegaraidOptions } from './index.js';
import { MEGARAID_DEFAULTS } from './defaults.js';
import { METRICS } from './metrics.js';
import { executableFile } from '../../keyChecks.js';

export interface MegaraidKeys {
  tick_interval: number;
  megacli_command: string;
  adapter: number | string;
}

export const megaraidTable: SourceTable<MegaraidKeys, MegaraidOptions> = {
  table: 'Megaraid',
  summary: 'MegaRAID logical and physical drive state (MegaCli).',
  metrics: METRICS,
  many: false,
  schema: {
    tick_interval: {
      doc: 'Read the controller every N base intervals (Freq); MegaCli is slow and drive counters change rarely.',
      format: 'int',
      default: MEGARAID_DEFAULTS.tickInterval,
    },
    megacli_command: {
      doc: 'Path of the MegaCli executable.',
      format: String,
      default: MEGARAID_DEFAULTS.megacliCommand,
    },
    adapter: {
      doc: 'Adapter number to query, or "ALL" for every adapter.',
      format: '*',
      default: MEGARAID_DEFAULTS.adapter,
    },
  },
  toOptions(keys, path) {
    if (!Number.isInteger(keys.tick_interval) || keys.tick_interval < 1) {
      throw new ConfigError(`${path}.tick_interval`, `${String(keys.tick_interval)} is not a whole number ≥ 1`);
    }
    const adapter = parseAdapter(keys.adapter, `${path}.adapter`);
    // rs-collector logged a missing MegaCli and ran the other collectors; so do we (this one fails until it is there)
    return { tickInterval: keys.tick_interval, megacliCommand: executableFile(keys.megacli_command, `${path}.megacli_command`), adapter };
  },
  load: async () => (await import('./index.js')).createMegaraidSource,
};

function parseAdapter(value: unknown, key: string): number | 'ALL' {
  if (typeof value === 'string' && value.trim().toUpperCase() === 'ALL') return 'ALL';
  const number = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  if (typeof number === 'number' && Number.isInteger(number) && number >= 0) return number;
  throw new ConfigError(key, `${JSON.stringify(value)} is neither an adapter number nor "ALL"`);
}

