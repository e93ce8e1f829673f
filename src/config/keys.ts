/**
 * One table of the config file through its convict schema: unknown keys set aside (the caller warns about them),
 * environment overrides applied, and convict's multi-line complaint turned into one ConfigError that names the key as
 * the user wrote it, the value and what is expected.
 */
import convict from 'convict';
import { registerFormats } from '../formats.js';
import { looksSecret, maskUrl } from './mask.js';
import { ConfigError } from '../table.js';

export interface CheckedKeys<Keys> {
  keys: Keys;
  /** Keys present in the input that the schema does not declare, dotted (`Breaker.Foo`), in input order. */
  unknown: string[];
}

type Raw = Record<string, unknown>;
type Node = Record<string, unknown>;

function isPlainObject(value: unknown): value is Raw {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/** convict's rule: an object without `default` groups nested keys; anything else declares one key. */
function isGroup(node: unknown): node is Node {
  return isPlainObject(node) && Object.keys(node).length > 0 && !('default' in node);
}

/** Copies the declared keys of `raw`, recording the undeclared ones. */
function splitKnown(raw: Raw, schema: Node, prefix: string, unknown: string[]): Raw {
  const known: Raw = {};
  for (const [key, value] of Object.entries(raw)) {
    const node = Object.hasOwn(schema, key) ? schema[key] : undefined;
    if (node === undefined) unknown.push(prefix + key);
    else if (isGroup(node) && isPlainObject(value)) known[key] = splitKnown(value, node, `${prefix}${key}.`, unknown);
    else known[key] = value;
  }
  return known;
}

/** Every declared key with its schema entry, dotted. */
export function leaves(schema: Node, prefix = ''): [string, Node][] {
  return Object.entries(schema).flatMap(([key, node]): [string, Node][] =>
    isGroup(node) ? leaves(node, `${prefix}${key}.`) : [[prefix + key, isPlainObject(node) ? node : {}]]);
}

function walk(raw: unknown, dotted: string): unknown {
  let value = raw;
  for (const part of dotted.split('.')) value = isPlainObject(value) ? value[part] : undefined;
  return value;
}

/** A value as a message shows it: short, quoted when a string. */
export function showValue(value: unknown): string {
  let text: string;
  if (value instanceof Date) text = value.toISOString();
  else if (typeof value === 'object' || typeof value === 'string') text = JSON.stringify(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') text = value.toString();
  else text = typeof value;
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** `Galera` + `Port` → `Galera.Port`; the top level has no prefix. */
export function keyPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

const VALUE_WAS = ': value was ';
const MISSING = /^configuration param '(.+)' missing from config/;

interface Complaint { key: string; expected: string }

/** convict reports `Name: message: value was 5` or, for a group overwritten by a value, a "missing" line. */
function firstComplaint(message: string, raw: Raw): Complaint {
  const line = message.split('\n')[0] ?? message;
  const missing = MISSING.exec(line);
  if (missing?.[1] !== undefined) {
    const name = missing[1];
    const parent = name.split('.').slice(0, -1).join('.');
    if (isPlainObject(walk(raw, name))) return { key: name, expected: 'must be a single value, not a table' };
    if (parent !== '' && walk(raw, parent) !== undefined) return { key: parent, expected: 'must be a table' };
    return { key: name, expected: 'is missing' };
  }
  const colon = line.indexOf(': ');
  const key = colon < 0 ? '' : line.slice(0, colon);
  const rest = colon < 0 ? line : line.slice(colon + 2);
  const valueAt = rest.indexOf(VALUE_WAS);
  return { key, expected: (valueAt < 0 ? rest : rest.slice(0, valueAt)).trim() };
}

/** convict would parse a string given for a table key (`Tags = "a=b"`) as JSON and fail with a bare SyntaxError. */
function refuseNonTables(schema: Node, known: Raw, path: string): void {
  for (const [name, entry] of leaves(schema)) {
    const value = walk(known, name);
    if ((entry.format === Object || entry.format === 'Object') && value !== undefined && !isPlainObject(value)) {
      throw new ConfigError(keyPath(path, name), `must be a table (got ${showValue(value)})`);
    }
  }
}

/**
 * Validates `raw` (one table of the file) against `schema`. `path` prefixes key names in messages (`Galera[1]`);
 * `env` supplies overrides for keys that declare an `env` name (only the top level does).
 */
export function checkKeys<Keys>(schema: convict.Schema<Keys>, raw: Raw, path: string, env: NodeJS.ProcessEnv = {}):
  CheckedKeys<Keys> {
  registerFormats();
  const unknown: string[] = [];
  const known = splitKnown(raw, schema, '', unknown);
  refuseNonTables(schema, known, path);
  const config = convict(schema, { env, args: [] });
  config.load(known);
  try {
    config.validate({ allowed: 'warn', output: () => undefined });
  } catch (error) {
    const { key, expected } = firstComplaint((error as Error).message, known);
    const entry = leaves(schema as Node).find(([name]) => name === key)?.[1] ?? {};
    const envName = typeof entry.env === 'string' && env[entry.env] !== undefined ? entry.env : undefined;
    const given = envName !== undefined ? env[envName] : walk(known, key);
    const secret = entry.sensitive === true || looksSecret(key);
    const source = envName !== undefined ? ` from ${envName}` : '';
    const shown = secret || given === undefined ? ''
      : ` (got ${showValue(typeof given === 'string' ? maskUrl(given) : given)}${source})`;
    throw new ConfigError(keyPath(path, key), `${expected}${shown}`);
  }
  return { keys: config.getProperties(), unknown };
}

/** Dotted names of the keys a schema marks `sensitive`. */
export function sensitiveKeys(schema: convict.Schema<unknown>): Set<string> {
  return new Set(leaves(schema as Node).filter(([, node]) => node.sensitive === true).map(([name]) => name));
}
