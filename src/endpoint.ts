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

/**
 * Why a `Host` was refused: `form` (not a host or URL, wrong scheme, empty) or `query` (a query string or fragment,
 * which request paths could not be appended to).
 */
export class EndpointError extends Error {
  constructor(readonly problem: 'form' | 'query', message: string) {
    super(message);
    this.name = 'EndpointError';
  }
}

/**
 * Parses a `Host` value, the one parser config and sinks share; throws an EndpointError saying what is wrong (the
 * config loader names the key). The message never contains the credentials.
 */
export function parseEndpoint(host: string): Endpoint {
  const text = host.trim();
  if (text === '') throw new EndpointError('form', 'empty host');
  // scollector's rule: a Host without "//" is host[:port] over plain http.
  const withScheme = text.includes('//') ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new EndpointError('form', `not a host or URL: ${JSON.stringify(redact(text))}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new EndpointError('form', `unsupported scheme ${url.protocol} (use http:// or https://)`);
  }
  if (url.hostname === '') throw new EndpointError('form', `no host name in ${JSON.stringify(redact(text))}`);
  if (url.search !== '' || url.hash !== '') throw new EndpointError('query', 'query strings and fragments are not supported');
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
