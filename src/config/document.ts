/** Reading the config file: TOML (rs-collector's format, any extension) or JSON (`.json`), as a plain object. */
import { readFileSync } from 'node:fs';
import { TomlError, parse } from 'smol-toml';
import { ConfigError } from '../table.js';

export type RawTable = Record<string, unknown>;

function parseText(file: string, text: string): unknown {
  if (file.toLowerCase().endsWith('.json')) {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      throw new ConfigError(file, `not valid JSON: ${(error as Error).message}`);
    }
  }
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    // smol-toml appends a code excerpt on further lines; our messages are one line
    const reason = error.message.split('\n')[0]?.replace(/^Invalid TOML document: /, '') ?? 'syntax error';
    throw new ConfigError(file, `not valid TOML at line ${error.line}, column ${error.column}: ${reason}`);
  }
}

/**
 * The parsed file, or undefined when `required` is false and the file does not exist (the packaged default path may be
 * absent; a path the user named may not).
 */
export function readDocument(file: string, required: boolean): RawTable | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    if (code === 'ENOENT' && !required) return undefined;
    throw new ConfigError(file, `cannot read the config file (${code})`);
  }
  const document = parseText(file, text);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new ConfigError(file, 'must hold a table of keys, not a single value or a list');
  }
  return document as RawTable;
}
