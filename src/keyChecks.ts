/**
 * The checks collector tables share, each failing with a ConfigError that names the key: one rule for "an absolute
 * path", "a regular expression", "a file we can read" and "a command we can run", whichever table asks.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './table.js';

const reason = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? 'unreadable';

export function absolutePath(path: string, key: string): string {
  if (!path.startsWith('/')) throw new ConfigError(key, `${JSON.stringify(path)} is not an absolute path`);
  return path;
}

/** A JavaScript regular expression (unanchored); `flags` as RegExp takes them. */
export function regexKey(source: string, key: string, flags?: string): RegExp {
  try {
    return new RegExp(source, flags);
  } catch (error) {
    throw new ConfigError(key, `${JSON.stringify(source)} is not a valid regular expression (${(error as Error).message})`);
  }
}

/** Checks that `file` can be read now; the collector reads it later itself. */
export function readableFile(file: string, key: string): string {
  try {
    accessSync(file, constants.R_OK);
  } catch (error) {
    throw new ConfigError(key, `cannot read ${JSON.stringify(file)} (${reason(error)})`);
  }
  return file;
}

/** The text of `file`, read now. */
export function fileText(file: string, key: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(key, `cannot read ${JSON.stringify(file)} (${reason(error)})`);
  }
}

/** An executable file; a bare name is looked up on PATH. Returns the path found. */
export function executableFile(command: string, key: string): string {
  const file = command.includes('/') ? command : onPath(command) ?? command;
  try {
    if (!statSync(file).isFile()) throw new ConfigError(key, `${JSON.stringify(file)} is not a file`);
    accessSync(file, constants.X_OK);
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    const what = (error as NodeJS.ErrnoException).code === 'EACCES' ? 'is not executable' : 'does not exist';
    throw new ConfigError(key, `${JSON.stringify(file)} ${what}`);
  }
  return file;
}

function onPath(name: string): string | undefined {
  return (process.env.PATH ?? '').split(':').filter((dir) => dir !== '').map((dir) => join(dir, name))
    .find((file) => existsSync(file));
}
