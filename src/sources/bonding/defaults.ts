/** The bonding collector's defaults: what a library caller gets for an option left out, and the TOML table's defaults. */
import type { BondingOptions } from './index.js';

export const BONDING_DEFAULTS: BondingOptions = { procRoot: '/proc' };
