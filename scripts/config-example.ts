// Writes config/rx-collector.toml from the schemas: `npx tsx scripts/config-example.ts` (test/config checks it).
import { writeFileSync } from 'node:fs';
import { renderExampleConfig } from '../src/config/example.js';
import { SOURCE_TABLES } from '../src/registry.js';

writeFileSync(new URL('../config/rx-collector.toml', import.meta.url), renderExampleConfig(SOURCE_TABLES));
