/** The megaraid collector's defaults: what a library caller gets for an option left out, and the TOML table's defaults. */
import type { MegaraidOptions } from './index.js';

export const MEGARAID_DEFAULTS = {
  tickInterval: 1,
  megacliCommand: '/opt/MegaRAID/MegaCli/MegaCli64',
  adapter: 'ALL',
  commandTimeoutMs: 30_000,
} as const satisfies Required<MegaraidOptions>;
