/**
 * The Tomcat source against a real Tomcat 10 (test/servers/tomcat.ts): its values are the server's own, its request
 * counter moves by exactly the requests made, sessions opened in the test webapp show up, and every way a login can go
 * wrong is a failed reading that says what to fix.
 */
import { deepStrictEqual, ok, rejects, strictEqual } from 'node:assert/strict';
import { firstValueFrom } from 'rxjs';
import type { Datum } from '../../../src/datum.js';
import type { SourceContext } from '../../../src/source.js';
import {
  createTomcatSource, parseStatusXml, StatusPageError, StatusRequestError, type TomcatOptions, type TomcatSource,
} from '../../../src/sources/tomcat/index.js';
import { countingContext } from '../../helpers/skips.js';
import { unavailable } from '../../servers/harness.js';
import {
  NO_ROLE_USER, SESSION_PAGE, sharedTomcat, STATIC_PAGE, TEST_APP, tomcatAvailable, type TomcatServer,
} from '../../servers/tomcat.js';

/** The value of `metric` whose tags include `tags`; fails when there is not exactly one. */
function valueOf(points: readonly Datum[], metric: string, tags: Record<string, string> = {}): number {
  const found = points.filter((point) => point.metric === metric
    && Object.entries(tags).every(([key, value]) => point.tags[key] === value));
  strictEqual(found.length, 1, `${metric} ${JSON.stringify(tags)}: ${found.length} points`);
  return found[0]?.value ?? Number.NaN;
}

describe('Tomcat source against a real Tomcat 10', function () {
  this.timeout(90_000);
  let tomcat: TomcatServer;
  const sources: TomcatSource[] = [];
  let connector: Record<string, string>;

  before(async function () {
    this.timeout(90_000);
    if (!tomcatAvailable()) unavailable(this, 'tomcat10 or tomcat10-admin missing (test/servers/install.sh installs them)');
    tomcat = await sharedTomcat();
    connector = { connector: `http-nio-127.0.0.1-${tomcat.port}` };
  });

  after(async () => {
    await Promise.all(sources.map((source) => source.close()));
  });

  const source = (options: TomcatOptions = {}, context: Partial<SourceContext> = {}): TomcatSource => {
    const created = createTomcatSource({ url: tomcat.statusUrl, user: tomcat.user, password: tomcat.password, ...options }, context);
    sources.push(created);
    return created;
  };
  const read = (from: TomcatSource): Promise<Datum[]> => firstValueFrom(from.collect());

  it('sends the server\'s own memory, pool and thread figures, tagged with the cleaned connector name', async () => {
    const context = countingContext();
    const tomcatSource = source({ name: 'main' }, context);
    const points = await read(tomcatSource);
    const page = parseStatusXml(await tomcat.statusXml());
    const fromPage = (metric: string, tags: Record<string, string> = {}): number | undefined => page.values.find((value) =>
      value.metric === metric && Object.entries(tags).every(([key, tag]) => value.tags[key] === tag))?.value;

    strictEqual(valueOf(points, 'tomcat.jvm.memory.max'), fromPage('tomcat.jvm.memory.max'));
    strictEqual(valueOf(points, 'tomcat.connector.threads.max', connector), 25, 'maxThreads of the test server.xml');
    const pools = points.filter((point) => point.metric === 'tomcat.jvm.memorypool.max').map((point) => point.tags.pool);
    // -XX:+UseSerialGC: the heap pools are Serial's; Metaspace has no limit, so no max
    ok(['Eden_Space', 'Survivor_Space', 'Tenured_Gen'].every((pool) => pools.includes(pool)), pools.join(', '));
    ok(!pools.includes('Metaspace'), pools.join(', '));
    strictEqual(valueOf(points, 'tomcat.jvm.memorypool.max', { pool: 'Tenured_Gen' }),
      fromPage('tomcat.jvm.memorypool.max', { pool: 'Tenured_Gen' }));
    ok(points.every((point) => point.tags.name === 'main'), 'every point carries the name tag');
    strictEqual(tomcatSource.name, 'tomcat/main');
    strictEqual(context.skipped, 0);
  });

  it('after N requests to the test app the request counter moved by N plus the previous reading\'s own requests', async () => {
    const n = 17;
    for (const sessions of [true, false]) {
      const tomcatSource = source({ sessions });
      const before = await read(tomcatSource);
      await tomcat.get(STATIC_PAGE, n);
      const after = await read(tomcatSource);
      // Tomcat counts a request when it has finished it, so the first reading's own requests (the XML page, and the
      // complete status page with sessions on) are in the second reading's count, and the second reading's are not
      const ownRequests = sessions ? 2 : 1;
      const moved = valueOf(after, 'tomcat.connector.requests', connector) - valueOf(before, 'tomcat.connector.requests', connector);
      strictEqual(moved, n + ownRequests, `sessions ${sessions}`);
      const sent = valueOf(after, 'tomcat.connector.bytes_sent', connector) - valueOf(before, 'tomcat.connector.bytes_sent', connector);
      ok(sent >= n * 'hello from rxtest\n'.length, `bytes sent moved by ${sent}`);
    }
  });

  it('counts requests answered 404 as errors, exactly', async () => {
    const tomcatSource = source({ sessions: false });
    const before = await read(tomcatSource);
    for (let i = 0; i < 5; i++) await rejects(tomcat.get(`/${TEST_APP}/missing-${i}.txt`), /404/);
    const after = await read(tomcatSource);
    strictEqual(valueOf(after, 'tomcat.connector.errors', connector) - valueOf(before, 'tomcat.connector.errors', connector), 5);
  });

  it('sees the sessions the test app opened', async () => {
    const tomcatSource = source();
    const app = { app: `localhost/${TEST_APP}` };
    const before = await read(tomcatSource);
    await tomcat.get(SESSION_PAGE, 3);
    const after = await read(tomcatSource);
    const moved = (metric: string): number => valueOf(after, metric, app) - valueOf(before, metric, app);
    deepStrictEqual({
      active: moved('tomcat.app.sessions.active'),
      created: moved('tomcat.app.sessions.created'),
      rejected: moved('tomcat.app.sessions.rejected'),
    }, { active: 3, created: 3, rejected: 0 });
    strictEqual(valueOf(after, 'tomcat.app.sessions.active', { app: 'localhost/manager' }), 0);
  });

  it('a wrong password is a failed reading naming the user', async () => {
    const error = await firstValueFrom(source({ password: 'wrong' }).collect()).catch((caught: unknown) => caught);
    ok(error instanceof StatusRequestError, String(error));
    strictEqual(error.status, 401);
    strictEqual(error.message, `authentication failed for User "${tomcat.user}" at ${tomcat.statusUrl} (HTTP 401): check User and Password`);
    ok(!error.message.includes('wrong'), 'the password is not in the message');
  });

  it('no login, a user without the role and a page that is not the XML one each say what to fix', async () => {
    await rejects(read(source({ user: undefined, password: undefined })),
      /asks for a login \(HTTP 401\): set User and Password/);
    await rejects(read(source({ user: NO_ROLE_USER })), (error: unknown) => error instanceof StatusRequestError
      && error.status === 403 && error.message.includes(`User "${NO_ROLE_USER}"`) && error.message.includes('manager-status role'));
    await rejects(read(source({ url: `${tomcat.origin}/manager/status` })), (error: unknown) =>
      error instanceof StatusPageError && /\?XML=true/.test(error.message));
    await rejects(read(source({ url: `${tomcat.origin}/nothing/status?XML=true` })), /HTTP 404/);
  });
});
