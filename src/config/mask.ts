/** Hiding secrets wherever config values are shown: messages, warnings, `--check`. */

export const MASK = '[Sensitive]';

const USERINFO = /^([a-z][a-z0-9+.-]*:\/\/)?([^/@:\s]*):([^/@\s]*)@/i;

/** `https://user:pw@bosun:8070` → `https://user:***@bosun:8070`; anything without a password is returned as is. */
export function maskUrl(text: string): string {
  return text.replace(USERINFO, (_match, scheme: string | undefined, user: string) => `${scheme ?? ''}${user}:***@`);
}

/** Keys whose value is a secret even when a table forgot to mark it `sensitive`. */
const SECRET_NAME = /(password|passwd|secret|token)$/i;

export function looksSecret(key: string): boolean {
  return SECRET_NAME.test(key);
}

/**
 * A copy of one table's keys safe to print: values of `sensitive` keys (and keys named like secrets) replaced by
 * [Sensitive] when set, passwords in URLs masked, nested tables treated alike.
 */
export function maskKeys(keys: Record<string, unknown>, sensitive: ReadonlySet<string>, prefix = ''):
  Record<string, unknown> {
  const shown: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(keys)) {
    const dotted = prefix + key;
    const isSet = value !== '' && value !== null && value !== undefined;
    if (isSet && (sensitive.has(dotted) || looksSecret(key))) shown[key] = MASK;
    else if (typeof value === 'string') shown[key] = maskUrl(value);
    else if (Array.isArray(value)) shown[key] = (value as unknown[]).map((item) => (typeof item === 'string' ? maskUrl(item) : item));
    else if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
      shown[key] = maskKeys(value as Record<string, unknown>, sensitive, `${dotted}.`);
    } else shown[key] = value;
  }
  return shown;
}
