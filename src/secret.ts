/** Secrets may be written inline or kept in a file only root can read (`PasswordFile`); one rule for every source. */
import { readFileSync } from 'node:fs';
import { ConfigError } from './table.js';

/**
 * The secret from `file` (trailing newline removed) when a file is given, else `inline`. Both given is a config error,
 * as is a file that cannot be read; `key` names the file key in the message (`Galera.PasswordFile`).
 */
export function readSecret(inline: string | undefined, file: string | undefined, key: string): string | undefined {
  const hasInline = inline !== undefined && inline !== '';
  const hasFile = file !== undefined && file !== '';
  if (!hasFile) return hasInline ? inline : undefined;
  if (hasInline) throw new ConfigError(key, 'give either the password or the password file, not both');
  try {
    return readFileSync(file, 'utf8').replace(/\r?\n$/, '');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConfigError(key, `cannot read ${JSON.stringify(file)} (${reason})`);
  }
}
