/**
 * The optional health endpoint (`StatusAddress`): GET /health answers "ok" while the agent runs, GET /status the
 * agent's own counters as JSON. It never shows configuration, so it cannot leak a secret.
 */
import { createServer, type Server } from 'node:http';
import type { AgentStats } from './sources/internal/index.js';

export interface StatusEndpoint {
  readonly address: string;
  close(): Promise<void>;
}

export async function startStatusEndpoint(listen: string, stats: () => AgentStats, version: string): Promise<StatusEndpoint> {
  const { host, port } = splitHostPort(listen);
  const startedAt = Date.now();
  const server: Server = createServer((request, response) => {
    const path = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' || (path !== '/health' && path !== '/status')) {
      response.writeHead(404).end();
      return;
    }
    if (path === '/health') {
      response.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
      return;
    }
    const body = JSON.stringify({ version, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000), ...stats() });
    response.writeHead(200, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const bound = server.address();
  const address = typeof bound === 'object' && bound !== null ? `${bound.address}:${bound.port}` : listen;
  return {
    address,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function splitHostPort(listen: string): { host: string; port: number } {
  const at = listen.lastIndexOf(':');
  const host = at > 0 ? listen.slice(0, at).replace(/^\[|\]$/g, '') : '127.0.0.1';
  return { host, port: Number(listen.slice(at + 1)) };
}
