/**
 * A real Tomcat 10 from Debian (tomcat10 + tomcat10-admin) in its own CATALINA_BASE: the package's own conf files,
 * a server.xml of ours (one HTTP connector on 127.0.0.1 and a free port, no shutdown port), the manager webapp and a
 * tiny test webapp `rxtest` with a static file (requests to count) and a JSP (each request without a cookie opens a
 * session). A user in role `manager-status` reads the status page.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort, freshDir, hasCommand, shared, spawnDaemon, waitFor, type Daemon, type Server } from './harness.js';
import { makeTestPki, type TestPki } from './mongo/certificates.js';

const run = promisify(execFile);

const CATALINA_HOME = '/usr/share/tomcat10';
const CATALINA_SH = join(CATALINA_HOME, 'bin/catalina.sh');
/** The package's pristine copies of /etc/tomcat10/*.xml, readable without being in group tomcat. */
const PACKAGE_CONF = join(CATALINA_HOME, 'etc');
const MANAGER_DOCBASE = '/usr/share/tomcat10-admin/manager';

export const TOMCAT_USER = 'rx-status';
export const TOMCAT_PASSWORD = 'status-only-4-tests';
/** A user who logs in fine but lacks every manager role (the status page answers 403). */
export const NO_ROLE_USER = 'rx-no-role';
/** The test webapp's context path and its two pages. */
export const TEST_APP = 'rxtest';
export const STATIC_PAGE = `/${TEST_APP}/hello.txt`;
export const SESSION_PAGE = `/${TEST_APP}/session.jsp`;

export interface TomcatServer extends Server {
  readonly port: number;
  /** http://127.0.0.1:<port> */
  readonly origin: string;
  /** The manager's status page as XML: what the collector reads by default. */
  readonly statusUrl: string;
  readonly user: string;
  readonly password: string;
  readonly pid: number;
  /**
   * GETs `path` `count` times, one after another, each on a connection of its own that Tomcat closes
   * (`Connection: close`), and checks each answer is 200. Tomcat closes the connection only after it has counted the
   * request, so once this resolves the connector's counters include all of them.
   */
  get(path: string, count?: number): Promise<void>;
  /** The status page as the test itself reads it (same credentials), to compare with the collector's values. */
  statusXml(path?: string): Promise<string>;
  /** With `tls: true`: the HTTPS connector (client certificate required) and the PKI its certificates come from. */
  readonly tls?: { readonly port: number; readonly statusUrl: string; readonly pki: TestPki };
  /** Stops the process; `start` brings it back on the same port. */
  halt(): Promise<void>;
  start(): Promise<void>;
}

export const tomcatAvailable = (): boolean =>
  existsSync(CATALINA_SH) && existsSync(MANAGER_DOCBASE) && existsSync(join(PACKAGE_CONF, 'web.xml')) && hasCommand('java');

/** The TLS tests also need openssl (certificates) and keytool (the JSSE trust store). */
export const tomcatTlsAvailable = (): boolean => tomcatAvailable() && hasCommand('openssl') && hasCommand('keytool');

/** The one Tomcat most tests share; started on first use, stopped at the end of the run. */
export function sharedTomcat(): Promise<TomcatServer> {
  return shared('tomcat', () => startTomcat('tomcat'));
}

export interface TomcatStartOptions {
  /**
   * Also an HTTPS connector on a free port: server certificate from a throw-away CA, client certificates from the same
   * CA required (the trust store is made with keytool, which JSSE reads).
   */
  tls?: boolean;
}

interface TlsConnector { port: number; certificate: string; key: string; truststore: string }

const TRUSTSTORE_PASSWORD = 'changeit';

function tlsConnectorXml(tls: TlsConnector): string {
  return `
    <Connector address="127.0.0.1" port="${tls.port}" protocol="org.apache.coyote.http11.Http11NioProtocol" SSLEnabled="true"
               maxThreads="10">
      <SSLHostConfig certificateVerification="required" truststoreFile="${tls.truststore}"
                     truststorePassword="${TRUSTSTORE_PASSWORD}" truststoreType="PKCS12">
        <Certificate certificateFile="${tls.certificate}" certificateKeyFile="${tls.key}" type="RSA" />
      </SSLHostConfig>
    </Connector>`;
}

function serverXml(port: number, tls?: TlsConnector): string {
  // No LockOutRealm (Debian's default wraps the realm in one): the wrong-password tests would lock the user out for
  // five minutes and break every later test that reads the page.
  return `<?xml version="1.0" encoding="UTF-8"?>
<Server port="-1" shutdown="SHUTDOWN">
  <GlobalNamingResources>
    <Resource name="UserDatabase" auth="Container" type="org.apache.catalina.UserDatabase"
              factory="org.apache.catalina.users.MemoryUserDatabaseFactory" pathname="conf/tomcat-users.xml" />
  </GlobalNamingResources>
  <Service name="Catalina">
    <Connector address="127.0.0.1" port="${port}" protocol="HTTP/1.1" connectionTimeout="20000" maxThreads="25" />${tls === undefined ? '' : tlsConnectorXml(tls)}
    <Engine name="Catalina" defaultHost="localhost">
      <Realm className="org.apache.catalina.realm.UserDatabaseRealm" resourceName="UserDatabase" />
      <Host name="localhost" appBase="webapps" unpackWARs="false" autoDeploy="false" />
    </Engine>
  </Service>
</Server>
`;
}

const USERS_XML = `<?xml version="1.0" encoding="UTF-8"?>
<tomcat-users xmlns="http://tomcat.apache.org/xml" version="1.0">
  <role rolename="manager-status"/>
  <user username="${TOMCAT_USER}" password="${TOMCAT_PASSWORD}" roles="manager-status"/>
  <user username="${NO_ROLE_USER}" password="${TOMCAT_PASSWORD}" roles="tomcat"/>
</tomcat-users>
`;

function writeBase(dir: string, port: number, tls?: TlsConnector): void {
  for (const sub of ['conf/Catalina/localhost', 'logs', 'temp', 'work', `webapps/${TEST_APP}`]) {
    mkdirSync(join(dir, sub), { recursive: true });
  }
  for (const file of ['web.xml', 'context.xml', 'catalina.properties', 'logging.properties', 'jaspic-providers.xml']) {
    copyFileSync(join(PACKAGE_CONF, file), join(dir, 'conf', file));
  }
  writeFileSync(join(dir, 'conf/server.xml'), serverXml(port, tls));
  writeFileSync(join(dir, 'conf/tomcat-users.xml'), USERS_XML);
  writeFileSync(join(dir, 'conf/Catalina/localhost/manager.xml'),
    `<Context path="/manager" docBase="${MANAGER_DOCBASE}" antiResourceLocking="false" privileged="true" />\n`);
  writeFileSync(join(dir, `webapps/${TEST_APP}/hello.txt`), 'hello from rxtest\n');
  writeFileSync(join(dir, `webapps/${TEST_APP}/session.jsp`), '<%@ page session="true" %>session <%= session.getId().length() %>\n');
}

/** Starts a Tomcat of its own (`name` is its directory under the state dir); most tests want `sharedTomcat()`. */
export async function startTomcat(name: string, options: TomcatStartOptions = {}): Promise<TomcatServer> {
  const dir = freshDir(name);
  const port = await freePort();
  let tls: { port: number; statusUrl: string; pki: TestPki } | undefined;
  let connector: TlsConnector | undefined;
  if (options.tls === true) {
    const pki = await makeTestPki(`${name}-pki`);
    const truststore = join(pki.dir, 'trust.p12');
    await run('keytool', ['-importcert', '-noprompt', '-alias', 'ca', '-file', pki.caCert, '-keystore', truststore,
      '-storetype', 'PKCS12', '-storepass', TRUSTSTORE_PASSWORD], { timeout: 60_000 });
    const tlsPort = await freePort();
    connector = { port: tlsPort, certificate: pki.serverCert, key: pki.serverKey, truststore };
    tls = { port: tlsPort, statusUrl: `https://127.0.0.1:${tlsPort}/manager/status?XML=true`, pki };
  }
  writeBase(dir, port, connector);
  const origin = `http://127.0.0.1:${port}`;
  const statusUrl = `${origin}/manager/status?XML=true`;
  const authorization = `Basic ${Buffer.from(`${TOMCAT_USER}:${TOMCAT_PASSWORD}`).toString('base64')}`;
  let daemon: Daemon | undefined;

  const statusXml = async (path = '/manager/status?XML=true'): Promise<string> => {
    const response = await fetch(`${origin}${path}`, { headers: { authorization } });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`GET ${path}: ${response.status}`);
    return text;
  };

  const launch = async (): Promise<void> => {
    const current = spawnDaemon(name, CATALINA_SH, ['run'], {
      env: {
        ...process.env,
        CATALINA_HOME,
        CATALINA_BASE: dir,
        CATALINA_TMPDIR: join(dir, 'temp'),
        CATALINA_OPTS: '-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k',
        JAVA_OPTS: '-Djava.awt.headless=true',
      },
    });
    daemon = current;
    try {
      await waitFor(`Tomcat ${name} on port ${port}`, async () => {
        if (current.child.exitCode !== null) throw new Error(`exited with ${current.child.exitCode}`);
        return (await statusXml()).includes('<status>') && (tls === undefined || await accepts(tls.port));
      }, 60_000, 200);
    } catch (error) {
      await current.stop(2_000);
      throw new Error(`${(error as Error).message}\n${current.output()}`);
    }
  };

  await launch();
  return {
    port,
    origin,
    statusUrl,
    user: TOMCAT_USER,
    password: TOMCAT_PASSWORD,
    get pid() {
      return daemon?.pid ?? 0;
    },
    async get(path, count = 1) {
      for (let i = 0; i < count; i++) await getAndWaitForClose(port, path);
    },
    statusXml,
    ...(tls === undefined ? {} : { tls }),
    async halt() {
      await daemon?.stop(10_000);
    },
    start: launch,
    async stop() {
      await daemon?.stop(10_000);
    },
  };
}

/** One GET with `Connection: close`; resolves when the server has closed the socket after a 200. */
function getAndWaitForClose(port: number, path: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let status: number | undefined;
    const outgoing = request({ host: '127.0.0.1', port, path, agent: false, headers: { connection: 'close' } }, (answer) => {
      status = answer.statusCode;
      answer.resume();
    });
    outgoing.on('error', reject);
    outgoing.on('socket', (socket) => socket.once('close', () => {
      if (status === 200) resolve();
      else reject(new Error(`GET ${path}: ${status ?? 'no answer'}`));
    }));
    outgoing.end();
  });
}

/** True when something accepts TCP connections on 127.0.0.1:`port`. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
