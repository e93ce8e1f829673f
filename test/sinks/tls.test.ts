/**
 * TLS to Host against a real TLS receiver on loopback (node:https with a throw-away CA made by openssl): the
 * certificate is verified against the system CA store plus HostCaCert, never against nothing unless TlsInsecure.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { loadConfig } from '../../src/config/index.js';
import { SOURCE_TABLES } from '../../src/sources/registry.js';
import { ConfigError } from '../../src/table.js';
import type { Datum } from '../../src/datum.js';
import { createOpenTsdbSink } from '../../src/sinks/opentsdb.js';
import type { TlsOptions } from '../../src/sinks/tls.js';
import { runAgent } from '../e2e/agent.js';
import { hasCommand, unavailable } from '../servers/harness.js';
import { makeTestPki, type TestPki } from '../servers/mongo/certificates.js';

describe('TLS to Host', function () {
  this.timeout(60_000);
  let pki: TestPki;
  let server: Server;
  let url: string;
  let received: Datum[] = [];

  before(async function () {
    if (!hasCommand('openssl')) unavailable(this, 'openssl is missing (test/servers/install.sh installs it)');
    pki = await makeTestPki('host-tls');
    server = createServer({ cert: readFileSync(pki.serverCert), key: readFileSync(pki.serverKey) }, (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const raw = Buffer.concat(chunks);
        const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
        received.push(...(JSON.parse(body.toString('utf8')) as Datum[]));
        response.writeHead(204).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => server?.close(resolve));
  });

  beforeEach(() => {
    received = [];
  });

  const point = (value: number): Datum => ({ metric: 'rx.tlstest', timestamp: Math.floor(Date.now() / 1000), value, tags: { host: 'a' } });

  /** Sends one point; true when the receiver took it within two seconds. */
  async function send(tls: TlsOptions): Promise<{ delivered: boolean; postErrors: number }> {
    const sink = createOpenTsdbSink({ url, tls, retry: { initialMs: 100, maxMs: 200 } });
    sink.write([point(42)]);
    const delivered = await sink.flush(2_000);
    const { postErrors } = sink.stats();
    await sink.close();
    return { delivered, postErrors };
  }

  it('refuses a receiver whose CA is neither in the system store nor HostCaCert', async () => {
    const result = await send({});
    assert.equal(result.delivered, false);
    assert.ok(result.postErrors >= 1);
    assert.deepEqual(received, []);
  });

  it('delivers to a receiver signed by the HostCaCert CA', async () => {
    assert.deepEqual(await send({ caFile: pki.caCert }), { delivered: true, postErrors: 0 });
    assert.deepEqual(received.map((datum) => datum.value), [42]);
  });

  it('trusts a CA that the system store holds (as update-ca-certificates adds a local CA)', async () => {
    const store = join(mkdtempSync(join(tmpdir(), 'rx-tls-store-')), 'ca-certificates.crt');
    writeFileSync(store, readFileSync(pki.otherCaCert, 'utf8') + readFileSync(pki.caCert, 'utf8'));
    assert.deepEqual(await send({ systemCaFile: store }), { delivered: true, postErrors: 0 });
    assert.deepEqual(await send({ systemCaFile: pki.otherCaCert }).then((r) => r.delivered), false);
  });

  it('where the system store cannot be read, trusts Node\'s built-in list plus HostCaCert', async () => {
    const nowhere = join(mkdtempSync(join(tmpdir(), 'rx-tls-nostore-')), 'ca-certificates.crt');
    assert.deepEqual(await send({ systemCaFile: nowhere, caFile: pki.caCert }), { delivered: true, postErrors: 0 });
    assert.equal((await send({ systemCaFile: nowhere })).delivered, false);
  });

  it('TlsInsecure delivers without verifying', async () => {
    assert.deepEqual(await send({ insecure: true }), { delivered: true, postErrors: 0 });
  });

  it('HostCaCert from the configuration reaches the sink of the running agent', async () => {
    const run = await runAgent({
      config: [`Host = "${url}"`, 'Sink = "opentsdb"', `HostCaCert = "${pki.caCert}"`, 'FlushInterval = 1', '[NetDev]'].join('\n'),
      args: ['--once'],
    });
    assert.equal(run.exitCode, 0, run.stderr);
    assert.ok(received.some((datum) => datum.metric === 'linux.net.bytes'), `nothing from NetDev arrived:\n${run.stderr}`);
  });

  it('an unreadable or non-PEM HostCaCert is a configuration error naming the key; TlsInsecure warns', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rx-tls-config-'));
    const load = (text: string): ReturnType<typeof loadConfig> => {
      writeFileSync(join(dir, 'rx.toml'), text);
      return loadConfig({ file: join(dir, 'rx.toml'), env: {}, tables: SOURCE_TABLES });
    };
    assert.throws(() => load(`Host = "${url}"\nHostCaCert = "${join(dir, 'missing.pem')}"\n`),
      (error: unknown) => error instanceof ConfigError && /HostCaCert: ".*missing\.pem" does not exist/.test(error.message));
    assert.throws(() => load(`Host = "${url}"\nHostCaCert = "${pki.serverKey}"\n`),
      (error: unknown) => error instanceof ConfigError && /HostCaCert: .* holds no PEM certificate/.test(error.message));
    const { config, warnings } = load(`Host = "${url}"\nTlsInsecure = true\n`);
    assert.deepEqual(config.sink.tls, { insecure: true });
    assert.ok(warnings.some((warning) => warning.startsWith('TlsInsecure = true')));
  });
});
