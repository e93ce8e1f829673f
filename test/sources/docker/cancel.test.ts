/**
 * A hung engine: a unix socket that accepts connections and never answers. The reading is cancelled by the pipeline's
 * own timeout operator (or by unsubscribing), and every socket it opened is closed: the process has as many file
 * descriptors after as before.
 */
import { ok, rejects, strictEqual } from 'node:assert/strict';
import { readdirSync, readlinkSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { firstValueFrom } from 'rxjs';
import { ReadingTimeoutError, timeoutEach } from '../../../src/operators/index.js';
import { createDockerSource } from '../../../src/sources/docker/index.js';
import { freshDir, waitFor } from '../../servers/harness.js';
import { unsubscribedAtOnce } from '../unsubscribed.js';

/**
 * The sockets this process holds open now. Compared as sets: sockets other tests left closing may go away meanwhile,
 * and must not hide (or fake) one this reading left behind.
 */
function openSockets(): Set<string> {
  const sockets = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(join('/proc/self/fd', fd));
      if (target.startsWith('socket:')) sockets.add(target);
    } catch {
      // closed between the listing and the look
    }
  }
  return sockets;
}

const newSince = (before: Set<string>): string[] => [...openSockets()].filter((socket) => !before.has(socket));

describe('docker source against an engine that never answers', function () {
  this.timeout(20_000);
  let server: Server;
  let socketPath: string;
  const accepted = new Set<Socket>();
  let connections = 0;

  before(async () => {
    socketPath = join(freshDir('docker-hung'), 'docker.sock');
    server = createServer((socket) => {
      connections += 1;
      accepted.add(socket);
      socket.on('close', () => accepted.delete(socket));
      socket.resume(); // read the request, answer nothing
    });
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  });

  after(async () => {
    for (const socket of accepted) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('is cancelled at the timeout and leaves no socket open', async () => {
    // undici is loaded (and its fds, if any, opened) once before counting, against a socket nobody listens on, so no
    // connection of this warm-up can reach the hung server late and be counted below
    await rejects(firstValueFrom(createDockerSource({ endpoint: `unix://${socketPath}.absent` }).collect()));
    const before = openSockets();
    const seen = connections;
    const source = createDockerSource({ endpoint: `unix://${socketPath}` });
    await rejects(firstValueFrom(source.collect().pipe(timeoutEach(300))), ReadingTimeoutError);
    strictEqual(connections - seen, 2, '/info and /containers/json were both asked');
    await waitFor('the server sees every connection closed', () => accepted.size === 0, 5_000);
    await waitFor('no socket left that the reading opened', () => newSince(before).length === 0, 5_000);
    await source.close?.();
  });

  it('unsubscribed at once: nothing emitted, no error, no unhandled rejection, no fd left', async () => {
    const before = openSockets();
    const source = createDockerSource({ endpoint: `unix://${socketPath}` });
    const leftovers = await unsubscribedAtOnce(source.collect(), 300);
    strictEqual(leftovers.received.length, 0);
    strictEqual(leftovers.errors.length, 0);
    strictEqual(leftovers.unhandled.length, 0);
    await waitFor('the server sees every connection closed', () => accepted.size === 0, 5_000);
    await waitFor('no socket left that the reading opened', () => newSince(before).length === 0, 5_000);
  });

  it('fails a reading of a socket nobody listens on with the endpoint and the reason', async () => {
    const missing = `unix://${socketPath}.missing`;
    await rejects(firstValueFrom(createDockerSource({ endpoint: missing }).collect()), (error: Error) => {
      ok(error.message.startsWith(`docker: ${missing}: `) && error.message.includes('ENOENT'), error.message);
      return true;
    });
  });
});
