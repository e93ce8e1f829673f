import { strictEqual } from 'node:assert';
import { renderConfigReference } from '../../src/config/reference.js';
import { TOP_SCHEMA, envName } from '../../src/config/schema.js';
import { TOY_TABLES } from './toyTables.js';

describe('renderConfigReference', () => {
  const text = renderConfigReference(TOY_TABLES);

  it('has a row for every top-level key with its environment variable', () => {
    for (const key of Object.keys(TOP_SCHEMA).filter((name) => name !== 'Tags')) {
      strictEqual(text.includes(`| \`${key}\` \`${envName(key)}\` |`), true, key);
    }
  });

  it('documents each table\'s own keys with their defaults', () => {
    strictEqual(text.includes('`[Toy]` or `[[Toy]]`:'), true);
    strictEqual(text.includes('| `Port` | `1234` | A port. |'), true);
    strictEqual(text.includes('`[Solo]` (on in the embedded default):'), true);
    strictEqual(text.includes('| `Path` | `"/proc"` | A path. |'), true);
  });

  it('writes env names the way the loader reads them', () => {
    strictEqual(envName('MaxQueueLen'), 'RX_COLLECTOR_MAX_QUEUE_LEN');
    strictEqual(envName('StatusAddress'), 'RX_COLLECTOR_STATUS_ADDRESS');
  });
});
