/**
 * The sink's HTTP transport against a loopback node:http server that behaves as each test needs: keep-alive reuse,
 * the request deadline, aborts, cut answers, refused connections, and the answer body cut short without credentials.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { parseEndpoint } from '../../src/endpoint.js';
import { silentLogger } from '../../src/log.js';
import { createTransport, type Transport } from '../../src/sinks/transport.js';
import { SinkTelemetry } from '../../src/telemetry.js';
import { freePort } from '../servers/harness.js';

type Handler = (request: IncomingMessage, response: ServerResponse, body: string) => void;

describe('transport', function () {
  this.timeout(10_000);
  let server: Server;
  let origin: string;
  let handler: Handler;
  const connections: Socket[] = [];
  const transports: Transport[] = [];

  before(async () => {
    server = createServer((request, response) => {
      let body = '';
      request.setEncoding('utf8');
      request.on('data', (chunk: string) => { body += chunk; });
      request.on('end', () => handler(request, response, body));
    });
    server.on('connection', (socket: Socket) => connections.push(socket));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  after(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  beforeEach(() => {
    connections.length = 0;
    handler = (_request, response) => response.writeHead(204).end();
  });

  afterEach(async () => {
    await Promise.all(transports.splice(0).map((transport) => transport.close()));
    server.closeAllConnections();
  });

  function transport(options: { url?: string; requestTimeoutMs?: number; accessToken?: string } = {}): Transport & { telemetry: SinkTelemetry } {
    const telemetry = new SinkTelemetry(silentLogger);
    const made = createTransport({
      endpoint: parseEndpoint(options.url ?? origin), requestTimeoutMs: options.requestTimeoutMs ?? 5_000,
      connections: 1, telemetry, ...(options.accessToken === undefined ? {} : { accessToken: options.accessToken }),
    });
    transports.push(made);
    return Object.assign(made, { telemetry });
  }

  const post = (to: Transport, body = '[]', signal = new AbortController().signal): ReturnType<Transport['post']> =>
    to.post('/api/put', Buffer.from(body), { 'content-type': 'application/json' }, signal);

  it('POSTs the body with its headers to basePath + path, and keeps one connection alive for the next POST', async () => {
    const seen: { path: string | undefined; body: string; type: string | undefined; agent: string | undefined }[] = [];
    handler = (request, response, body) => {
      seen.push({ path: request.url, body, type: request.headers['content-type'], agent: request.headers['user-agent'] });
      response.writeHead(200).end('{"success":1}');
    };
    const to = transport({ url: `${origin}/bosun/` });
    assert.deepEqual(await post(to, '[1]'), { status: 200, detail: '{"success":1}' });
    assert.deepEqual(await post(to, '[2]'), { status: 200, detail: '{"success":1}' });
    assert.deepEqual(seen, [
      { path: '/bosun/api/put', body: '[1]', type: 'application/json', agent: 'rx-collector' },
      { path: '/bosun/api/put', body: '[2]', type: 'application/json', agent: 'rx-collector' },
    ]);
    assert.equal(connections.length, 1);
    assert.deepEqual([to.telemetry.snapshot().posts, to.telemetry.snapshot().postErrors, to.telemetry.snapshot().postBytes], [2, 0, 6]);
  });

  it('sends the login of the Host URL and the access token, and cuts them out of an answer that echoes them', async () => {
    let headers: IncomingMessage['headers'] = {};
    handler = (request, response) => {
      headers = request.headers;
      response.writeHead(401).end(`denied: ${JSON.stringify(request.headers)}`);
    };
    const to = transport({ url: origin.replace('http://', 'http://user:s3cret@'), accessToken: 'tok-123456' });
    const answer = await post(to);
    assert.equal(headers.authorization, `Basic ${Buffer.from('user:s3cret').toString('base64')}`);
    assert.equal(headers['x-access-token'], 'tok-123456');
    assert.equal(answer.status, 401);
    assert.match(answer.detail, /^denied: /);
    for (const secret of ['tok-123456', Buffer.from('user:s3cret').toString('base64')]) assert.ok(!answer.detail.includes(secret), answer.detail);
  });

  it('keeps only the start of a long answer', async () => {
    handler = (_request, response) => response.writeHead(400).end('x'.repeat(200_000));
    const answer = await post(transport());
    assert.equal(answer.status, 400);
    assert.ok(answer.detail.length > 0 && answer.detail.length <= 4096 + 64, `${answer.detail.length} characters kept`);
  });

  it('a receiver that never answers ends at the request deadline, and its connection is closed', async () => {
    handler = () => undefined;
    const started = performance.now();
    const answer = await post(transport({ requestTimeoutMs: 300 }));
    const took = performance.now() - started;
    assert.deepEqual(answer, { status: undefined, detail: 'request timed out' });
    assert.ok(took >= 290 && took < 2_000, `${took} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(connections.every((socket) => socket.destroyed), 'the hung connection is closed');
  });

  it('an abort settles the answer at once, and the next POST gets a fresh connection', async () => {
    handler = () => undefined;
    const to = transport();
    const controller = new AbortController();
    const pending = post(to, '[]', controller.signal);
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort(new Error('sink closed'));
    assert.deepEqual(await pending, { status: undefined, detail: 'sink closed' });
    const already = new AbortController();
    already.abort(new Error('closed before'));
    assert.deepEqual(await post(to, '[]', already.signal), { status: undefined, detail: 'closed before' });
    handler = (_request, response) => response.writeHead(204).end();
    assert.equal((await post(to)).status, 204);
    assert.equal(connections.length, 2);
  });

  it('a connection reset mid-answer and a refused connection come back as answers without status', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-length': '100' });
      response.write('partial');
      setTimeout(() => response.socket?.destroy(), 20);
    };
    const cut = await post(transport());
    assert.equal(cut.status, undefined);
    assert.ok(cut.detail !== '', 'says why');
    const refused = await post(transport({ url: `http://127.0.0.1:${await freePort()}` }));
    assert.equal(refused.status, undefined);
    assert.match(refused.detail, /^ECONNREFUSED/);
  });
});
