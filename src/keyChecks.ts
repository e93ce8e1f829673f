/**
 * The checks collector tables share, each failing with an error that names the key: one rule for "an absolute path",
 * "a regular expression", "a file we can read" and "a command we can run", whichever table asks.
 *
 * A file or program that is not there (yet), or that this user may not read, is a `MissingResourceError`, not a
 * ConfigError: the loader warns, the collector fails alone and is tried again on its schedule, and it starts once the
 * file appears (rs-collector logged such a collector and ran the others). A value that can never be right (a
 * directory where a file belongs, a bad regular expression) stays a ConfigError.
 */
import { accessSync, constants, existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from './table.js';

const reason = (error: unknown): string => (error as NodeJS.ErrnoException).code ?? 'unreadable';

/** A file or program named by `key` is missing or unreadable; `resource` is its path. */
export class MissingResourceError extends Error {
  override readonly name = 'MissingResourceError';

  constructor(readonly key: string, readonly resource: string, readonly reason: string) {
    super(`\`${key}\`: ${JSON.stringify(resource)} ${reason}`);
  }
}

/** Errors that may go away without a change of configuration: the file is created, or its rights are fixed. */
function fileError(error: unknown, key: string, file: string): Error {
  if (error instanceof ConfigError || error instanceof MissingResourceError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new MissingResourceError(key, file, 'does not exist');
  if (code === 'EACCES' || code === 'EPERM') return new MissingResourceError(key, file, 'cannot be read by this user (permission denied)');
  return new ConfigError(key, `cannot read ${JSON.stringify(file)} (${reason(error)})`);
}

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
    if (statSync(file).isDirectory()) throw new ConfigError(key, `${JSON.stringify(file)} is a directory, not a file`);
    accessSync(file, constants.R_OK);
  } catch (error) {
    throw fileError(error, key, file);
  }
  return file;
}

/** The text of `file`, read now. */
export function fileText(file: string, key: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw fileError(error, key, file);
  }
}

/** An executable file; a bare name is looked up on PATH. Returns the path found. */
export function executableFile(command: string, key: string): string {
  const file = command.includes('/') ? command : onPath(command) ?? command;
  try {
    if (!statSync(file).isFile()) throw new ConfigError(key, `${JSON.stringify(file)} is not a file`);
    accessSync(file, constants.X_OK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EACCES') throw new MissingResourceError(key, file, 'is not executable');
    throw fileError(error, key, file);
  }
  return file;
}

function onPath(name: string): string | undefined {
  return (process.env.PATH ?? '').split(':').filter((dir) => dir !== '').map((dir) => join(dir, name))
    .find((file) => existsSync(file));
}
