/**
 * How a sink verifies Host's certificate. Node trusts only its own built-in copy of Mozilla's list, which knows
 * nothing of a company's internal CA; Debian's tools (apt, curl, update-ca-certificates for local CAs) trust the
 * system store instead, so the sinks do too, plus an optional extra CA file (`HostCaCert`). node:https and node:tls
 * (about 1.5 MiB of RSS) are loaded only for an https Host.
 */
import { readFileSync } from 'node:fs';
import type { Agent, AgentOptions, request } from 'node:https';

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

/** The CA files as read when the sink is made. */
export interface TrustedCas {
  /** The system store's text; undefined where it cannot be read. */
  system: string | undefined;
  /** `caFile`'s text, when one is given. */
  extra: string | undefined;
  rejectUnauthorized: boolean;
}

/** Reads the CA files once, when the sink is made; an unreadable `caFile` throws (config checks it first). */
export function readTrustedCas(options: TlsOptions = {}): TrustedCas {
  const extra = options.caFile !== undefined && options.caFile !== '' ? readFileSync(options.caFile, 'utf8') : undefined;
  return { system: readIfThere(options.systemCaFile ?? SYSTEM_CA_FILE), extra, rejectUnauthorized: options.insecure !== true };
}

/** node:https's request and a keep-alive agent that trusts `cas`. */
export async function httpsClient(cas: TrustedCas, agentOptions: AgentOptions): Promise<{ request: typeof request; agent: Agent }> {
  const https = await import('node:https');
  return { request: https.request, agent: new https.Agent({ ...agentOptions, ca: await caList(cas), rejectUnauthorized: cas.rejectUnauthorized }) };
}

/** What `ca` is given to tls.connect; undefined leaves Node's built-in list in place. */
async function caList({ system, extra }: TrustedCas): Promise<string[] | undefined> {
  if (system !== undefined) return extra === undefined ? [system] : [system, extra];
  if (extra === undefined) return undefined;
  // giving `ca` replaces Node's list, so it is passed along with the extra CA
  const { rootCertificates } = await import('node:tls');
  return [...rootCertificates, extra];
}

function readIfThere(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
