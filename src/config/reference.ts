/**
 * The README's configuration reference, written from the same schemas as config/rx-collector.toml: the top-level keys
 * and every registered table, each key with its default and doc.
 */
import { stringify } from 'smol-toml';
import { leaves } from './keys.js';
import { COMMON_SCHEMA, NAME_SCHEMA, TOP_SCHEMA, envName } from './schema.js';
import type { RegisteredTable } from '../table.js';

function shown(value: unknown): string {
  if (value === null || value === undefined) return 'unset';
  if (typeof value === 'object' && !Array.isArray(value)) return Object.keys(value).length === 0 ? '{}' : 'a table';
  return stringify({ x: value }).trim().slice('x = '.length);
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

function rows(schema: object, withEnv: boolean): string[] {
  return leaves(schema as Record<string, unknown>).map(([key, entry]) => {
    const doc = typeof entry.doc === 'string' ? entry.doc : '';
    const env = withEnv && key !== 'Tags' ? ` \`${envName(key)}\`` : '';
    return `| \`${key}\`${env} | \`${cell(shown(entry.default))}\` | ${cell(doc)} |`;
  });
}

export function renderConfigReference(tables: readonly RegisteredTable[]): string {
  const header = ['| key | default | meaning |', '|---|---|---|'];
  const lines = [
    'Top-level keys (each also from the environment variable named beside it):',
    '',
    ...header,
    ...rows(TOP_SCHEMA, true),
    '',
    'Keys every collector table takes (Name only where the table may repeat, `[[Table]]`):',
    '',
    ...header,
    ...rows({ ...COMMON_SCHEMA, ...NAME_SCHEMA }, false),
  ];
  for (const table of tables) {
    const form = table.many ? `[${table.table}]\` or \`[[${table.table}]]` : `[${table.table}]`;
    const onByDefault = table.onByDefault ? ' (on in the embedded default)' : '';
    lines.push('', `\`${form}\`${onByDefault}:`, '');
    const own = rows(table.schema, false);
    lines.push(...(own.length === 0 ? ['No keys of its own.'] : [...header, ...own]));
  }
  return `${lines.join('\n')}\n`;
}
