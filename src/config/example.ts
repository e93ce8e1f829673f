/**
 * The packaged config file (config/rx-collector.toml), written from the schemas so the docs in it cannot drift:
 * every top-level key and every collector key, commented out, with its doc and default.
 */
import { stringify } from 'smol-toml';
import { leaves } from './keys.js';
import { DEFAULT_CONFIG_FILE } from './load.js';
import { TOP_SCHEMA, envName } from './schema.js';
import type { RegisteredTable } from '../table.js';

const WIDTH = 118;

function comment(text: string): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(/\s+/)) {
    if (line.length + 1 + word.length > WIDTH && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  lines.push(line);
  return lines;
}

/** A default as TOML writes it; TOML has no null, so an unset key says so. */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return '<unset>';
  if (typeof value === 'object' && !Array.isArray(value)) {
    const entries = Object.entries(value as Record<string, unknown>).map(([key, item]) => `${key} = ${valueText(item)}`);
    return entries.length === 0 ? '{}' : `{ ${entries.join(', ')} }`;
  }
  return stringify({ x: value }).trim().slice('x = '.length);
}

type Entry = Record<string, unknown>;

/** `note` goes after the value as a TOML comment, so the line stays valid when uncommented. */
function keyBlock(key: string, entry: Entry, note = ''): string[] {
  const doc = typeof entry.doc === 'string' ? entry.doc : '';
  return [...comment(doc), `# ${key} = ${valueText(entry.default)}${note === '' ? '' : `    # ${note}`}`];
}

function topLevel(): string[] {
  const lines: string[] = [];
  const all = leaves(TOP_SCHEMA);
  for (const [key, entry] of all.filter(([key]) => key !== 'Tags')) {
    lines.push('', ...keyBlock(key, entry, `env ${envName(key)}`));
  }
  const tags = all.find(([key]) => key === 'Tags')?.[1] ?? {};
  lines.push('', ...comment(typeof tags.doc === 'string' ? tags.doc : ''), '# [Tags]', '#   dc = "ams1"');
  return lines;
}

function tableSection(table: RegisteredTable): string[] {
  const header = table.many ? `[[${table.table}]]` : `[${table.table}]`;
  const lines = ['', table.onByDefault ? `[${table.table}]` : `# ${header}`];
  for (const [key, entry] of leaves(table.schema)) lines.push(...keyBlock(key, entry));
  return lines;
}

export function renderExampleConfig(tables: readonly RegisteredTable[]): string {
  const lines = [
    `# rx-collector configuration (${DEFAULT_CONFIG_FILE}).`,
    '# Generated from the schemas by `npm run docs`: change the docs in src/config/, not here.',
    '# Every key is shown commented out with its default. An rs-collector config file also loads unchanged.',
    ...topLevel(),
    '',
    '# Collectors: a table that is present (even empty) runs its collector. Every table also takes Freq, Timeout and',
    '# Jitter (seconds; unset: the top-level values) and a [<Table>.Tags] table; one that may be repeated ([[Table]])',
    '# takes Name, which makes the collector tag <table>.<Name>. Arrays of tables count from 0 in messages: Mongo[1].',
    ...tables.flatMap(tableSection),
  ];
  return `${lines.join('\n')}\n`;
}
