/**
 * The real engine (podman) reached over TCP and over TLS with client certificates, as `dockerd --tlsverify` serves
 * it: a TLS (or plain TCP) front on 127.0.0.1 passes every connection through to podman's unix socket.
 */
import { deepStrictEqual, ok, rejects } from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { connect, createServer as createTcpServer, type Server as TcpServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { firstValueFrom } from 'rxjs';
import type { Datum } from '../../../src/datum.js';
import { createDockerSource, type DockerOptions } from '../../../src/sources/docker/index.js';
import { hasCommand, unavailable } from '../../servers/harness.js';
import { makeTestPki, type TestPki } from '../../servers/mongo/certificates.js';
import { podman, podmanAvailable, type PodmanEngine } from '../../servers/podman.js';

function portOf(server: TcpServer): number {
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

describe('docker source over TCP and TLS (real podman behind a TLS front)', function () {
  this.timeout(60_000);
  let engine: PodmanEngine;
  let pki: TestPki;
  const fronts: TcpServer[] = [];
  let tlsPort = 0;
  let tcpPort = 0;

  const states = (points: readonly Datum[]): Record<string, number> =>
    Object.fromEntries(points.filter((point) => point.metric === 'docker.containers').map((point) => [point.tags.state, point.value]));
  const read = async (options: Partial<DockerOptions>): Promise<Datum[]> => {
    const source = createDockerSource({ perContainer: false, ...options });
    try {
      return await firstValueFrom(source.collect());
    } finally {
      await source.close?.();
    }
  };

  before(async function () {
    if (!podmanAvailable()) unavailable(this, 'podman, runc or busybox-static is not installed (test/servers/install.sh)');
    if (!hasCommand('openssl')) unavailable(this, 'openssl is not installed (test/servers/install.sh)');
    [engine, pki] = await Promise.all([podman(), makeTestPki()]);
    const passThrough = (client: Socket): void => {
      const upstream = connect(engine.socketPath);
      client.pipe(upstream).pipe(client);
      upstream.on('error', () => client.destroy());
      client.on('error', () => upstream.destroy());
    };
    const tls = createTlsServer({
      cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey), ca: readFileSync(pki.caCert),
      requestCert: true, rejectUnauthorized: true,
    }, passThrough);
    tls.on('tlsClientError', () => undefined);
    const tcp = createTcpServer(passThrough);
    for (const server of [tls, tcp]) {
      fronts.push(server);
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    }
    [tlsPort, tcpPort] = [portOf(tls), portOf(tcp)];
  });

  after(async () => {
    await Promise.all(fronts.map((server) => new Promise<void>((resolve) => {
      server.close(() => resolve());
    })));
  });

  it('reads the engine over https:// with a CA and a client certificate and key, as over the socket', async () => {
    const direct = states(await read({ endpoint: engine.endpoint }));
    deepStrictEqual(states(await read({
      endpoint: `https://127.0.0.1:${tlsPort}`, caCert: pki.caCert, clientCert: pki.clientCert, clientCertKey: pki.clientKey,
    })), direct);
    deepStrictEqual(states(await read({ endpoint: `https://localhost:${tlsPort}`, caCert: pki.caCert, clientCert: pki.clientCombined })), direct,
      'certificate and key in one file');
    deepStrictEqual(states(await read({ endpoint: `tcp://127.0.0.1:${tcpPort}` })), direct);
  });

  it('fails the reading when the server certificate is not from the CA, or no client certificate is given', async () => {
    await rejects(read({ endpoint: `https://127.0.0.1:${tlsPort}`, caCert: pki.otherCaCert, clientCert: pki.clientCombined }),
      (error: Error) => /docker: https:\/\/127\.0\.0\.1:\d+: .*(certificate|self.signed|issuer)/i.test(error.message));
    await rejects(read({ endpoint: `https://127.0.0.1:${tlsPort}`, caCert: pki.caCert }),
      (error: Error) => error.message.startsWith(`docker: https://127.0.0.1:${tlsPort}: `));
  });

  it('fails the reading, naming the file, when a certificate file is missing, and reads once it is there', async () => {
    const source = createDockerSource({ endpoint: `https://127.0.0.1:${tlsPort}`, caCert: `${pki.dir}/not-yet.pem`, clientCert: pki.clientCombined, perContainer: false });
    await rejects(firstValueFrom(source.collect()), (error: Error) => {
      ok(error.message.includes('cannot read the CA certificate (CaCert)') && error.message.includes('ENOENT'), error.message);
      return true;
    });
    copyFileSync(pki.caCert, `${pki.dir}/not-yet.pem`);
    ok((await firstValueFrom(source.collect())).some((point) => point.metric === 'docker.images'));
    await source.close?.();
  });
});
