/**
 * The Tomcat source when things go wrong, under the real pipeline operators: a wrong password opens the breaker, a
 * stopped Tomcat fails only this collector (and it recovers when Tomcat is back), and a server that accepts and never
 * answers is cancelled at the timeout without leaving a connection open.
 */
import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Socket } from 'node:net';
import { firstValueFrom, materialize } from 'rxjs';
import { ReadingTimeoutError, timeoutEach } from '../../../src/operators/timeoutEach.js';
import { startPipeline, type Pipeline } from '../../../src/pipeline.js';
import { createTomcatSource, type TomcatSource } from '../../../src/sources/tomcat/index.js';
import { memorySink, type MemorySink } from '../../helpers/memorySink.js';
import { countingContext } from '../../helpers/skips.js';
import { TICKER_METRIC, tickerSource } from '../../helpers/ticker.js';
import { unavailable, waitFor } from '../../servers/harness.js';
import { sharedTomcat, startTomcat, tomcatAvailable, type TomcatServer } from '../../servers/tomcat.js';

interface Run {
  pipeline: Pipeline;
  sink: MemorySink;
  tickerPoints: () => number;
  tomcatPoints: () => number;
}

/** The Tomcat source beside a ticker source, both under the real operators, into a memory sink. */
function run(tomcatSource: TomcatSource): Run {
  const ticker = tickerSource();
  const sink = memorySink();
  const pipeline = startPipeline({
    hostname: 'app1',
    sink,
    batch: { maxDelayMs: 20, maxPoints: 1_000 },
    breaker: { failureThreshold: 2, cooldownMs: 300, maxCooldownMs: 600 },
    retry: { initialMs: 10, maxRetries: 0 },
  }, [
    { create: () => tomcatSource, name: 'tomcat', intervalMs: 500, timeoutMs: 2_000, jitterMs: 0 },
    { create: () => ticker, name: 'ticker', intervalMs: 100, timeoutMs: 1_000, jitterMs: 0 },
  ]);
  const count = (metric: string): number => sink.points().filter((point) => point.metric === metric).length;
  return {
    pipeline, sink,
    tickerPoints: () => count(TICKER_METRIC),
    tomcatPoints: () => count('tomcat.jvm.memory.max'),
  };
}

describe('Tomcat source under the pipeline', function () {
  this.timeout(120_000);

  before(function () {
    if (!tomcatAvailable()) unavailable(this, 'tomcat10 or tomcat10-admin missing (test/servers/install.sh installs them)');
  });

  it('a wrong password fails every reading with the same clear error and opens the breaker', async () => {
    const tomcat = await sharedTomcat();
    const tomcatSource = createTomcatSource({ url: tomcat.statusUrl, user: tomcat.user, password: 'not-the-password' });
    const { pipeline, tickerPoints, tomcatPoints } = run(tomcatSource);
    try {
      await waitFor('the breaker to open', () => pipeline.stats().collectors.tomcat?.breakerState === 2, 10_000, 20);
      const stats = pipeline.stats().collectors.tomcat;
      ok((stats?.errors ?? 0) >= 2, `errors ${stats?.errors}`);
      strictEqual(tomcatPoints(), 0);
      const tickerBefore = tickerPoints();
      await waitFor('the ticker to go on', () => tickerPoints() >= tickerBefore + 5, 5_000, 20);
    } finally {
      await pipeline.stop(1_000);
      await tomcatSource.close();
    }
  });

  describe('with a Tomcat of its own that is stopped and started again', () => {
    let tomcat: TomcatServer | undefined;

    before(async function () {
      this.timeout(90_000);
      tomcat = await startTomcat('tomcat-outage');
    });

    after(async () => {
      await tomcat?.stop();
    });

    it('fails only this collector while Tomcat is down, and reads again once it is back', async () => {
      if (tomcat === undefined) throw new Error('no server');
      const tomcatSource = createTomcatSource({ url: tomcat.statusUrl, user: tomcat.user, password: tomcat.password });
      const { pipeline, tickerPoints, tomcatPoints } = run(tomcatSource);
      try {
        await waitFor('a first Tomcat reading', () => tomcatPoints() >= 1, 10_000, 20);
        await tomcat.halt();
        await waitFor('the breaker to open', () => pipeline.stats().collectors.tomcat?.breakerState === 2, 10_000, 20);
        const whileDown = tomcatPoints();
        const tickerWhileDown = tickerPoints();
        await waitFor('the ticker to go on while Tomcat is down', () => tickerPoints() >= tickerWhileDown + 10, 5_000, 20);
        strictEqual(tomcatPoints(), whileDown, 'no Tomcat points while it is down');
        ok((pipeline.stats().collectors.ticker?.errors ?? 0) === 0, 'the ticker had no error');

        await tomcat.start();
        await waitFor('a Tomcat reading after the restart', () => tomcatPoints() > whileDown, 15_000, 20);
        await waitFor('the breaker to close', () => pipeline.stats().collectors.tomcat?.breakerState === 0, 5_000, 20);
      } finally {
        await pipeline.stop(1_000);
        await tomcatSource.close();
      }
    });
  });
});

describe('Tomcat source against a server that accepts and never answers', function () {
  this.timeout(60_000);

  it('is cancelled at the timeout and closes its connection each time', async () => {
    const open = new Set<Socket>();
    let accepted = 0;
    const silent = createServer((socket) => {
      accepted += 1;
      open.add(socket);
      socket.on('close', () => open.delete(socket));
      socket.on('error', () => undefined);
      // read (and ignore) the request, or the unread bytes would hold back the end of the stream and its 'close'
      socket.resume();
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const address = silent.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const tomcatSource = createTomcatSource({ url: `http://127.0.0.1:${port}/manager/status?XML=true`, user: 'u', password: 'p' });
    try {
      const outcomes = new Map<string, number>();
      for (let i = 0; i < 20; i++) {
        const outcome = await firstValueFrom(tomcatSource.collect().pipe(timeoutEach(50), materialize()));
        const kind = outcome.kind === 'E' && outcome.error instanceof ReadingTimeoutError ? 'timeout' : outcome.kind;
        outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
      }
      deepStrictEqual([...outcomes], [['timeout', 20]]);
      await waitFor('every server-side socket closed', () => open.size === 0, 5_000, 20).catch(() => undefined);
      strictEqual(open.size, 0, `${open.size} sockets still open`);
      strictEqual(accepted, 20, 'a fresh connection for each reading after an abort');
    } finally {
      await tomcatSource.close();
      silent.close();
    }
  });
});

describe('Tomcat source reading a page with unreadable fields (a proxy or a patched Tomcat between)', () => {
  it('sends what it can read, counts what it skipped, and fails the reading on a page that is not the status page', async () => {
    let body = `<?xml version="1.0" encoding="utf-8"?><status><jvm><memory free='1' total='2' max='n/a'/></jvm>
      <connector name='"http-nio-8080"'><threadInfo maxThreads="9" currentThreadCount="1" currentThreadsBusy="1"/></connector></status>`;
    const server = createHttpServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/xml' });
      response.end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const context = countingContext();
    const tomcatSource = createTomcatSource({ url: `http://127.0.0.1:${port}/manager/status?XML=true`, sessions: false }, context);
    try {
      const points = await firstValueFrom(tomcatSource.collect());
      deepStrictEqual(points.map((point) => [point.metric, point.value]), [
        ['tomcat.jvm.memory.free', 1], ['tomcat.jvm.memory.total', 2],
        ['tomcat.connector.threads.max', 9], ['tomcat.connector.threads.current', 1], ['tomcat.connector.threads.busy', 1],
      ]);
      strictEqual(context.skipped, 2, 'memory max and the missing requestInfo');
      await firstValueFrom(tomcatSource.collect());
      strictEqual(context.skipped, 4, 'counted again at each reading');
      body = '<html><body>502 Bad Gateway</body></html>';
      const error = await firstValueFrom(tomcatSource.collect()).catch((caught: unknown) => caught);
      ok(error instanceof Error && /not Tomcat's XML status page/.test(error.message), String(error));
      strictEqual(context.skipped, 4);
    } finally {
      await tomcatSource.close();
      server.close();
    }
  });
});
