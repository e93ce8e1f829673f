/**
 * TLS from the `[Galera]` keys to a real MariaDB that requires it: the server certificate is verified (against CaCert,
 * or the system CAs when none is given), and a client certificate is presented when the user requires X509.
 */
import { ok, rejects, strictEqual } from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { firstValueFrom } from 'rxjs';
import { galeraTable } from '../../../src/sources/galera/table.js';
import type { MysqlEndpointKeys } from '../../../src/sources/mysql/table.js';
import { createGaleraSource } from '../../../src/sources/galera/index.js';
import { freshDir, hasCommand, unavailable } from '../../servers/harness.js';
import { mariadbAvailable, sql, startPlainMariadb, type PlainMariadb } from '../../servers/mariadb.js';

const run = promisify(execFile);

/** A CA, a server certificate for 127.0.0.1 signed by it, a client certificate, and an unrelated CA. */
async function makeCertificates(dir: string): Promise<Record<'ca' | 'otherCa' | 'serverCert' | 'serverKey' | 'clientCert' | 'clientKey', string>> {
  const path = (name: string): string => join(dir, name);
  const selfSigned = (name: string): Promise<unknown> => run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes',
    '-keyout', path(`${name}.key`), '-out', path(`${name}.pem`), '-days', '2', '-subj', `/CN=rx-collector test ${name}`]);
  const signed = async (name: string, cn: string, extensions: string): Promise<void> => {
    writeFileSync(path(`${name}.ext`), `${extensions}\n`);
    await run('openssl', ['req', '-newkey', 'rsa:2048', '-nodes', '-keyout', path(`${name}.key`), '-out', path(`${name}.csr`), '-subj', `/CN=${cn}`]);
    await run('openssl', ['x509', '-req', '-in', path(`${name}.csr`), '-CA', path('ca.pem'), '-CAkey', path('ca.key'),
      '-CAcreateserial', '-out', path(`${name}.pem`), '-days', '2', '-extfile', path(`${name}.ext`)]);
  };
  await selfSigned('ca');
  await selfSigned('other-ca');
  await signed('server', '127.0.0.1', 'subjectAltName=IP:127.0.0.1');
  await signed('client', 'monitor', 'extendedKeyUsage=clientAuth');
  await run('chown', ['-R', 'mysql:mysql', dir]);
  return { ca: path('ca.pem'), otherCa: path('other-ca.pem'), serverCert: path('server.pem'), serverKey: path('server.key'),
    clientCert: path('client.pem'), clientKey: path('client.key') };
}

describe('Galera source over TLS against a real MariaDB', function () {
  this.timeout(60_000);
  let server: PlainMariadb | undefined;
  let certs: Awaited<ReturnType<typeof makeCertificates>>;

  before(async function () {
    if (!mariadbAvailable() || !hasCommand('openssl')) unavailable(this, 'mariadbd or openssl missing');
    certs = await makeCertificates(freshDir('mariadb-tls-certs'));
    server = await startPlainMariadb('mariadb-tls', {
      config: [`ssl_ca=${certs.ca}`, `ssl_cert=${certs.serverCert}`, `ssl_key=${certs.serverKey}`],
    });
    await sql(server, "CREATE USER 'tls'@'%' REQUIRE SSL");
    await sql(server, "CREATE USER 'x509'@'%' REQUIRE X509");
  });

  after(async () => {
    await server?.stop();
  });

  /** A reading through the config table, so the keys → options → connection path is what is tested. */
  async function readWith(keys: Partial<MysqlEndpointKeys>): Promise<number | undefined> {
    if (server === undefined) throw new Error('no server');
    const options = galeraTable.toOptions({
      Host: '127.0.0.1', Port: server.port, Socket: '', User: 'tls', Password: '', PasswordFile: '', UseSsl: false,
      CaCert: '', ClientCert: '', ClientCertKey: '', ...keys,
    }, 'Galera');
    const source = createGaleraSource({ ...options, connectTimeoutMs: 5_000 });
    try {
      const points = await firstValueFrom(source.collect());
      return points.find((point) => point.metric === 'galera.provider.loaded')?.value;
    } finally {
      await source.close();
    }
  }

  it('reads over TLS when the server certificate chains to CaCert', async () => {
    strictEqual(await readWith({ UseSsl: true, CaCert: certs.ca }), 0);
  });

  it('is refused by a server that requires TLS when UseSsl is off (so the reading above was encrypted)', async () => {
    await rejects(readWith({}), (error: Error) => /Access denied/i.test(error.message));
  });

  it('refuses a server whose certificate another CA signed, and verifies against the system CAs by default', async () => {
    await rejects(readWith({ UseSsl: true, CaCert: certs.otherCa }), (error: Error) => /certificate|self.signed|verify/i.test(error.message));
    await rejects(readWith({ UseSsl: true }), (error: Error) => /certificate|self.signed|verify/i.test(error.message));
  });

  it('presents ClientCert and ClientCertKey to a user that requires X509', async () => {
    strictEqual(await readWith({ User: 'x509', UseSsl: true, CaCert: certs.ca, ClientCert: certs.clientCert, ClientCertKey: certs.clientKey }), 0);
    const refused = await readWith({ User: 'x509', UseSsl: true, CaCert: certs.ca }).then(() => false, () => true);
    ok(refused, 'without the client certificate the X509 user is refused');
  });
});
