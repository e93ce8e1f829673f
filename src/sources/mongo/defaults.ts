/** The mongo collector's defaults: what a library caller gets for an option left out, and the TOML table's defaults. */
import type { MongoOptions } from './index.js';

export const MONGO_DEFAULTS: MongoOptions = {
  name: '',
  host: 'localhost',
  port: 27017,
  useSsl: false,
  tlsInsecure: false,
  readPreference: 'primary',
  connectTimeoutMs: 5_000,
  commandTimeoutMs: 10_000,
};
