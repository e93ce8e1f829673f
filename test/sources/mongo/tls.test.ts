/**
 * TLS as the Mongo source sets it up: the server certificate is verified unless TlsInsecure says otherwise (rs-collector
 * skipped verification when given only a CA file), and client certificates work as one file or as cert + key.
 */
import { ok, rejects, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { createMongoSource, type MongoOptions } from '../../../src/sources/mongo/index.js';
import type { Source } from '../../../src/source.js';
import { hasCommand, unavailable } from '../../servers/harness.js';
import { makeTestPki, type TestPki } from '../../servers/mongo/certificates.js';
import { startMongoStandIn, type MongoStandIn } from '../../servers/mongo/standIn.js';

describe('mongo source over TLS (wire-protocol stand-in)', function () {
  let pki: TestPki;
  let server: MongoStandIn;
  let mutual: MongoStandIn;
  const sources: Source[] = [];

  before(async function () {
    if (!hasCommand('openssl')) unavailable(this, 'openssl is not installed (test/servers/install.sh)');
    pki = await makeTestPki();
    const identity = { cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey) };
    server = await startMongoStandIn({ role: 'primary' }, identity);
    mutual = await startMongoStandIn({ role: 'primary' }, { ...identity, clientCa: readFileSync(pki.caCert) });
  });

  after(async () => {
    await Promise.all([server?.stop(), mutual?.stop()]);
  });

  afterEach(async () => {
    await Promise.all(sources.splice(0).map((source) => source.close?.() ?? Promise.resolve()));
  });

  function reading(target: MongoStandIn, options: Partial<MongoOptions>): Promise<number> {
    const source = createMongoSource({ host: '127.0.0.1', port: target.port, useSsl: true, connectTimeoutMs: 2000, ...options });
    sources.push(source);
    return firstValueFrom(source.collect()).then((points) => points.length);
  }

  it('reads a server whose certificate chains to CaCert', async () => {
    ok(await reading(server, { caCert: pki.caCert }) > 0);
  });

  it('refuses a server it cannot verify: no CaCert (self-made CA) or the wrong CA', async () => {
    await rejects(reading(server, {}), /certificate/i);
    await rejects(reading(server, { caCert: pki.otherCaCert }), /certificate/i);
  });

  it('skips verification only when TlsInsecure is set', async () => {
    ok(await reading(server, { tlsInsecure: true }) > 0);
  });

  it('presents a client certificate, given as cert + key files or as one combined file', async () => {
    ok(await reading(mutual, { caCert: pki.caCert, clientCert: pki.clientCert, clientCertKey: pki.clientKey }) > 0);
    ok(await reading(mutual, { caCert: pki.caCert, clientCert: pki.clientCombined }) > 0);
    const before = mutual.received.filter((name) => name === 'serverStatus').length;
    await rejects(reading(mutual, { caCert: pki.caCert }));
    strictEqual(mutual.received.filter((name) => name === 'serverStatus').length, before, 'no command got through without a client certificate');
  });
});
