/**
 * A loopback `/api/put` receiver for the benchmarks, run as its own process so that its work is not counted as ours:
 * every body is gunzipped and parsed (a body that is not a JSON array of datapoints is refused with 400), the points
 * are counted, and the answer is 204 as Bosun gives. `GET /count` answers the number of points accepted so far.
 * Idle connections stay open, as Bosun's (Go's http.Server without an IdleTimeout) do: Node's default would close them
 * after 5 s, and an agent flushing every 5 s would then pay a new connection for every request.
 * Prints its port on stdout once it listens.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync } from 'node:zlib';

let accepted = 0;
const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/count') {
    response.end(String(accepted));
    return;
  }
  const chunks: Buffer[] = [];
  request.on('data', (chunk: Buffer) => chunks.push(chunk));
  request.on('end', () => {
    try {
      const raw = Buffer.concat(chunks);
      const body = request.headers['content-encoding'] === 'gzip' ? gunzipSync(raw) : raw;
      const items: unknown = JSON.parse(body.toString('utf8'));
      if (!Array.isArray(items)) throw new Error('not an array');
      if (request.url === '/api/put') {
        for (const item of items as { metric?: unknown; timestamp?: unknown; value?: unknown; tags?: unknown }[]) {
          if (typeof item.metric !== 'string' || typeof item.timestamp !== 'number' || typeof item.value !== 'number'
            || typeof item.tags !== 'object') throw new Error('not a datapoint');
        }
        accepted += items.length;
      }
      response.statusCode = 204;
      response.end();
    } catch (error) {
      response.statusCode = 400;
      response.end((error as Error).message);
    }
  });
});
server.keepAliveTimeout = 0;
server.listen(0, '127.0.0.1', () => {
  console.log((server.address() as AddressInfo).port);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
