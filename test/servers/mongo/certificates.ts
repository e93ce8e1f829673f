/**
 * A throw-away CA, a server certificate for 127.0.0.1/localhost and a client certificate, made with the openssl CLI,
 * for the stand-in's TLS tests (certificate verification on by default, client certificates).
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freshDir } from '../harness.js';

const run = promisify(execFile);

export interface TestPki {
  dir: string;
  /** PEM files. */
  caCert: string;
  serverCert: string;
  serverKey: string;
  clientCert: string;
  clientKey: string;
  /** Certificate and key in one file, as MongoDB's tlsCertificateKeyFile takes them. */
  clientCombined: string;
  /** A CA that signed nothing here: verification against it must fail. */
  otherCaCert: string;
}

async function openssl(dir: string, args: readonly string[]): Promise<void> {
  await run('openssl', args, { cwd: dir, timeout: 30_000 });
}

async function makeCa(dir: string, name: string): Promise<void> {
  await openssl(dir, ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', `/CN=${name}`,
    '-keyout', `${name}.key`, '-out', `${name}.pem`]);
}

async function makeSigned(dir: string, name: string, extensions: string): Promise<void> {
  writeFileSync(join(dir, `${name}.ext`), extensions);
  await openssl(dir, ['req', '-newkey', 'rsa:2048', '-nodes', '-subj', `/CN=${name}`, '-keyout', `${name}.key`, '-out', `${name}.csr`]);
  await openssl(dir, ['x509', '-req', '-in', `${name}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial', '-days', '2',
    '-extfile', `${name}.ext`, '-out', `${name}.pem`]);
}

/** `dirName` is the directory under the state dir (each server that uses a PKI gets its own). */
export async function makeTestPki(dirName = 'mongo-tls'): Promise<TestPki> {
  const dir = freshDir(dirName);
  await makeCa(dir, 'ca');
  await makeCa(dir, 'other-ca');
  await makeSigned(dir, 'server', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n');
  await makeSigned(dir, 'client', 'extendedKeyUsage=clientAuth\n');
  const file = (name: string): string => join(dir, name);
  writeFileSync(file('client-combined.pem'), readFileSync(file('client.pem'), 'utf8') + readFileSync(file('client.key'), 'utf8'));
  return {
    dir,
    caCert: file('ca.pem'),
    serverCert: file('server.pem'),
    serverKey: file('server.key'),
    clientCert: file('client.pem'),
    clientKey: file('client.key'),
    clientCombined: file('client-combined.pem'),
    otherCaCert: file('other-ca.pem'),
  };
}
