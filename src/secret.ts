/** Secrets may be written inline or kept in a file only root can read (`PasswordFile`); one rule for every source. */
import { fileText } from './keyChecks.js';
import { ConfigError } from './table.js';

/**
 * The secret from `file` (trailing newline removed) when a file is given, else `inline`. Both given is a config error;
 * a file that is missing or unreadable is a MissingResourceError (the collector waits for it); `key` names the file
 * key in the message (`Galera.PasswordFile`).
 */
export function readSecret(inline: string | undefined, file: string | undefined, key: string): string | undefined {
  const hasInline = inline !== undefined && inline !== '';
  const hasFile = file !== undefined && file !== '';
  if (!hasFile) return hasInline ? inline : undefined;
  if (hasInline) throw new ConfigError(key, 'give either the password or the password file, not both');
  return fileText(file, key).replace(/\r?\n$/, '');
}
