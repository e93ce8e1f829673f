/**
 * Where a sink sends: the configured `Host` as rs-collector and scollector users write it (`bosun:8070`,
 * `http://bosun:8070`, `https://user:pass@bosun.example.com/prefix`), split into what the HTTP client needs. Credentials
 * leave the URL and become a basic-auth header, so the URL can be logged as is.
 */

export interface Endpoint {
  /** `http(s)://host:port` without credentials or path: the key of the connection pool. */
  readonly origin: string;
  /** Path prefix without a trailing slash ('' for none); request paths are appended to it. */
  readonly basePath: string;
  /** `Basic …` when the Host carried `user:pass@`; never log it. */
  readonly authorization?: string;
  /** Safe to log: origin + basePath, credentials masked out. */
  readonly display: string;
}

/** Parses a `Host` value; throws an Error saying what is wrong (the config loader names the key). */
export function parseEndpoint(host: string): Endpoint {
  const text = host.trim();
  if (text === '') throw new Error('empty host');
  // scollector's rule: a Host without "//" is host[:port] over plain http.
  const withScheme = text.includes('//') ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new Error(`not a host or URL: ${JSON.stringify(redact(text))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`unsupported scheme ${url.protocol} (use http:// or https://)`);
  }
  if (url.hostname === '') throw new Error(`no host name in ${JSON.stringify(redact(text))}`);
  if (url.search !== '' || url.hash !== '') throw new Error('query strings and fragments are not supported');
  const basePath = url.pathname.replace(/\/+$/, '');
  const authorization = url.username !== '' || url.password !== ''
    ? `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`
    : undefined;
  const origin = url.origin;
  const display = `${origin}${basePath}`;
  return authorization === undefined ? { origin, basePath, display } : { origin, basePath, authorization, display };
}

/** Hides `user:pass@` in text that goes into an error message. */
function redact(text: string): string {
  return text.replace(/\/\/[^/@]*@/, '//***@').replace(/^[^/@]*:[^/@]*@/, '***@');
}
