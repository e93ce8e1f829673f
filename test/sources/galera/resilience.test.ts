/**
 * What the Galera source does when its server misbehaves: a server that accepts and never answers (every reading
 * cancelled by timeoutEach, no socket left behind), and a server that goes away and comes back under the real pipeline
 * (breaker opens, other sources keep their cadence, recovery without recreating the source).
 */
import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { firstValueFrom, materialize } from 'rxjs';
import { ReadingTimeoutError, timeoutEach } from '../../../src/operators/timeoutEach.js';
import { startPipeline, type Pipeline } from '../../../src/pipeline.js';
import { createGaleraSource } from '../../../src/sources/galera/index.js';
import { memorySink } from '../../helpers/memorySink.js';
import { TICKER_METRIC, tickerSource } from '../../helpers/ticker.js';
import { unavailable, waitFor } from '../../servers/harness.js';
import { mariadbAvailable, startPlainMariadb, type PlainMariadb } from '../../servers/mariadb.js';

/** A TCP server that accepts every connection and never says a word (a hung mysqld, a black-holing proxy). */
async function silentServer(): Promise<{ server: Server; port: number; open: Set<Socket>; accepted: () => number }> {
  const open = new Set<Socket>();
  let accepted = 0;
  const server = createServer((socket) => {
    accepted += 1;
    open.add(socket);
    socket.on('close', () => open.delete(socket));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  return { server, port, open, accepted: () => accepted };
}

describe('Galera source against a server that never answers', function () {
  this.timeout(60_000);

  it('is cancelled at the timeout, reconnects each reading, and 1000 readings leave no socket open', async () => {
    const silent = await silentServer();
    const source = createGaleraSource({ host: '127.0.0.1', port: silent.port, connectTimeoutMs: 60_000 });
    try {
      const outcomes = new Map<string, number>();
      for (let i = 0; i < 1000; i++) {
        // 15 ms, not less: on a loaded machine a shorter deadline can cancel a connect before the server accepts it
        const outcome = await firstValueFrom(source.collect().pipe(timeoutEach(15), materialize()));
        const kind = outcome.kind === 'E' && outcome.error instanceof ReadingTimeoutError ? 'timeout' : outcome.kind;
        outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
      }
      deepStrictEqual([...outcomes], [['timeout', 1000]]);
      strictEqual(source.session.connectionsOpened, 1000);
      await waitFor('every server-side socket closed', () => silent.open.size === 0, 5_000, 20).catch(() => undefined);
      strictEqual(silent.open.size, 0, `${silent.open.size} sockets still open`);
      strictEqual(silent.accepted(), 1000);
    } finally {
      await source.close();
      silent.server.close();
    }
  });
});

describe('Galera source under the pipeline while its server goes away and comes back', function () {
  this.timeout(90_000);
  let server: PlainMariadb | undefined;

  before(async function () {
    if (!mariadbAvailable()) unavailable(this, 'mariadbd missing (test/servers/install.sh installs it)');
    server = await startPlainMariadb('mariadb-outage');
  });

  after(async () => {
    await server?.stop();
  });

  it('opens the breaker while down, keeps the other source on cadence, and recovers within one interval', async () => {
    if (server === undefined) throw new Error('no server');
    const intervalMs = 1_000;
    const galera = createGaleraSource({ host: server.host, port: server.port, user: server.user, connectTimeoutMs: 2_000 });
    const ticker = tickerSource();
    const sink = memorySink();
    const pipeline: Pipeline = startPipeline({
      hostname: 'db1',
      sink,
      batch: { maxDelayMs: 20, maxPoints: 1_000 },
      breaker: { failureThreshold: 2, cooldownMs: 300, maxCooldownMs: 600 },
      retry: { initialMs: 10, maxRetries: 0 },
    }, [
      { create: () => galera, name: 'galera', intervalMs, timeoutMs: 2_000, jitterMs: 0 },
      { create: () => ticker, name: 'ticker', intervalMs: 200, timeoutMs: 1_000, jitterMs: 0 },
    ]);
    const galeraPoints = (): number => sink.points().filter((point) => point.metric === 'galera.provider.loaded').length;
    const tickerPointsBetween = (fromMs: number, toMs: number): number => sink.batches
      .filter((batch) => batch.atMs >= fromMs && batch.atMs < toMs)
      .flatMap((batch) => batch.points).filter((point) => point.metric === TICKER_METRIC).length;
    try {
      await waitFor('a first Galera reading', () => galeraPoints() >= 2, 5_000, 50);

      await server.halt();
      const downAt = Date.now();
      await waitFor('the breaker to open', () => pipeline.stats().collectors.galera?.breakerState === 2, 10_000, 50);
      await sleep(3_000);
      const downFor = Date.now() - downAt;
      const pointsWhileDown = galeraPoints();
      const stats = pipeline.stats().collectors.galera;
      ok((stats?.errors ?? 0) >= 2, `errors ${stats?.errors}`);
      const tickerWhileDown = tickerPointsBetween(downAt, Date.now());
      ok(tickerWhileDown >= Math.floor(downFor / 200) - 2, `ticker sent ${tickerWhileDown} points in ${downFor} ms`);

      await server.start();
      const upAt = Date.now();
      await waitFor('a Galera reading after the restart', () => galeraPoints() > pointsWhileDown, 5_000, 10);
      const recoveredMs = Date.now() - upAt;
      // the cooldown (≤ 600 ms) is shorter than the interval, so the first tick after the restart is the probe
      ok(recoveredMs <= intervalMs + 300, `recovered ${recoveredMs} ms after the server was back`);
      strictEqual(pipeline.stats().collectors.galera?.breakerState, 0);
      ok(galera.session.connectionsOpened >= 2, 'the source reconnected by itself');
      const lastValue = sink.points().filter((point) => point.metric === 'galera.provider.loaded').map((point) => point.value);
      deepStrictEqual(new Set(lastValue), new Set([0]));
    } finally {
      await pipeline.stop(1_000);
      await galera.close();
    }
  });
});
