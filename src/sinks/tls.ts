/**
 * How a sink verifies Host's certificate. Node trusts only its own built-in copy of Mozilla's list, which knows
 * nothing of a company's internal CA; Debian's tools (apt, curl, update-ca-certificates for local CAs) trust the
 * system store instead, so the sinks do too, plus an optional extra CA file (`HostCaCert`).
 */
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';

/** Debian's and Ubuntu's system store, as update-ca-certificates writes it. */
export const SYSTEM_CA_FILE = '/etc/ssl/certs/ca-certificates.crt';

export interface TlsOptions {
  /** PEM file of further CAs Host's certificate may chain to (an internal CA). */
  caFile?: string;
  /** Do not verify Host's certificate or name. Only for testing. */
  insecure?: boolean;
  /** The system store. Default SYSTEM_CA_FILE; where it cannot be read (not Debian), Node's built-in list. */
  systemCaFile?: string;
}

/** What undici passes on to tls.connect for an https Host. */
export interface TlsConnectOptions {
  ca: string[];
  rejectUnauthorized: boolean;
}

/** Reads the CA files once, when the sink is made; an unreadable `caFile` throws (config checks it first). */
export function tlsConnectOptions(options: TlsOptions = {}): TlsConnectOptions {
  const system = readIfThere(options.systemCaFile ?? SYSTEM_CA_FILE);
  const ca = system === undefined ? [...rootCertificates] : [system];
  if (options.caFile !== undefined && options.caFile !== '') ca.push(readFileSync(options.caFile, 'utf8'));
  return { ca, rejectUnauthorized: options.insecure !== true };
}

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
