/**
 * The Tomcat source over https against a real Tomcat 10 whose HTTPS connector requires a client certificate: the
 * table's CaCert, ClientCert and ClientCertKey files are what make the reading work, and each missing piece is a
 * failed reading, never a silently unverified one.
 */
import { ok, rejects, strictEqual } from 'node:assert/strict';
import { firstValueFrom } from 'rxjs';
import { createTomcatSource, StatusRequestError, type TomcatSource } from '../../../src/sources/tomcat/index.js';
import { tomcatTable, type TomcatKeys } from '../../../src/sources/tomcat/table.js';
import { unavailable } from '../../servers/harness.js';
import { startTomcat, tomcatTlsAvailable, type TomcatServer } from '../../servers/tomcat.js';

describe('Tomcat source over https with client certificates', function () {
  this.timeout(120_000);
  let tomcat: TomcatServer | undefined;
  const sources: TomcatSource[] = [];

  before(async function () {
    this.timeout(120_000);
    if (!tomcatTlsAvailable()) unavailable(this, 'tomcat10, tomcat10-admin, openssl or keytool missing (test/servers/install.sh)');
    tomcat = await startTomcat('tomcat-tls', { tls: true });
  });

  after(async () => {
    await Promise.all(sources.map((source) => source.close()));
    await tomcat?.stop();
  });

  /** A source made the way the config loader makes it, from the table's keys. */
  function fromKeys(overrides: Partial<TomcatKeys>): TomcatSource {
    if (tomcat?.tls === undefined) throw new Error('no TLS server');
    const { pki } = tomcat.tls;
    const options = tomcatTable.toOptions({
      Url: tomcat.tls.statusUrl, User: tomcat.user, Password: tomcat.password, PasswordFile: '', Sessions: true,
      CaCert: pki.caCert, ClientCert: pki.clientCert, ClientCertKey: pki.clientKey, ...overrides,
    }, 'Tomcat[0]');
    const source = createTomcatSource(options);
    sources.push(source);
    return source;
  }

  it('reads the page with the CA and a client certificate, the https connector among the connectors', async () => {
    if (tomcat?.tls === undefined) throw new Error('no TLS server');
    const points = await firstValueFrom(fromKeys({}).collect());
    const connectors = new Set(points.filter((point) => point.metric === 'tomcat.connector.requests').map((point) => point.tags.connector));
    ok(connectors.has(`https-jsse-nio-127.0.0.1-${tomcat.tls.port}`), [...connectors].join(', '));
    ok(connectors.has(`http-nio-127.0.0.1-${tomcat.port}`), [...connectors].join(', '));
    ok(points.some((point) => point.metric === 'tomcat.app.sessions.active'), 'the complete status page over https too');
  });

  it('fails without the CA (the system CAs do not know it) and when the CA is another one', async () => {
    if (tomcat?.tls === undefined) throw new Error('no TLS server');
    const unknownCa = (error: unknown): boolean => error instanceof StatusRequestError && error.status === undefined
      && /self-signed|unable to (get|verify)|certificate/i.test(error.message);
    await rejects(firstValueFrom(fromKeys({ CaCert: '' }).collect()), unknownCa);
    await rejects(firstValueFrom(fromKeys({ CaCert: tomcat.tls.pki.otherCaCert }).collect()), unknownCa);
  });

  it('fails without a client certificate: the connector requires one', async () => {
    const error = await firstValueFrom(fromKeys({ ClientCert: '', ClientCertKey: '' }).collect()).catch((caught: unknown) => caught);
    ok(error instanceof StatusRequestError, String(error));
    strictEqual(error.status, undefined, 'no HTTP answer at all');
  });
});
