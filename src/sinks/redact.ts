/**
 * What of a receiver's answer may go into a log line: the start of the body, with every credential the agent sent (and
 * anything shaped like one) taken out. A proxy answering 401 may echo the request headers back; the log must not
 * become the place where the token and the basic-auth password can be read.
 */

/** Characters of a body kept for a log line. */
export const DETAIL_CHARS = 200;

const REMOVED = '[removed]';

/** Credentials by their shape, whoever sent them: header lines, auth schemes, and key=value/"key":"value" pairs. */
const SHAPES: readonly RegExp[] = [
  /\b(authorization|proxy-authorization|x-access-token|cookie|set-cookie)(["']?\s*[:=]\s*["']?)[^"'\r\n,}]+/gi,
  /\b(basic|bearer|digest|negotiate)(\s+)[A-Za-z0-9+/=._~-]{6,}/gi,
  /\b(password|passwd|pwd|secret|token|access_token|api_key|apikey)(["']?\s*[:=]\s*["']?)[^"'\s&,}]+/gi,
  /(\/\/[^/\s:@]+:)[^/\s@]+(?=@)/g,
];

/** Cuts `text` to DETAIL_CHARS after removing `secrets` (exact values, and their base64 forms) and credential shapes. */
export function redactDetail(text: string, secrets: readonly string[]): string {
  let cleaned = text;
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    for (const form of [secret, encodeURIComponent(secret)]) cleaned = cleaned.split(form).join(REMOVED);
  }
  for (const shape of SHAPES) {
    cleaned = cleaned.replace(shape, (...groups: unknown[]) => {
      const [, name, separator] = groups as [string, string | undefined, string | undefined];
      return separator === undefined ? `${name}${REMOVED}` : `${name}${separator}${REMOVED}`;
    });
  }
  return cleaned.length > DETAIL_CHARS ? `${cleaned.slice(0, DETAIL_CHARS)}…` : cleaned;
}

/**
 * The secret strings a request carries: the token, the Authorization header value and the base64 and decoded forms of
 * its basic-auth credentials (user:password, and the password alone).
 */
export function requestSecrets(authorization: string | undefined, accessToken: string | undefined): string[] {
  const secrets: string[] = [];
  if (accessToken !== undefined && accessToken !== '') secrets.push(accessToken);
  if (authorization !== undefined) {
    const encoded = authorization.replace(/^Basic\s+/i, '');
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    const password = decoded.slice(decoded.indexOf(':') + 1);
    secrets.push(authorization, encoded, decoded, password);
  }
  // Longest first: a secret that contains another is removed whole.
  return secrets.sort((a, b) => b.length - a.length);
}
