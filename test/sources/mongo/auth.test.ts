/**
 * rs-collector's rule for Mongo credentials: authenticate only when both User and Password are set. Through the real
 * driver against the wire-protocol stand-in, which records every command it receives (saslStart is authentication).
 */
import { deepStrictEqual, ok, rejects, strictEqual } from 'node:assert/strict';
import { firstValueFrom } from 'rxjs';
import type { Logger } from '../../../src/log.js';
import { authenticates, clientOptions } from '../../../src/sources/mongo/client.js';
import { createMongoSource, MONGO_DEFAULTS, type MongoOptions } from '../../../src/sources/mongo/index.js';
import type { Source } from '../../../src/source.js';
import { startMongoStandIn, type MongoStandIn } from '../../servers/mongo/standIn.js';

function warnings(): { log: Logger; lines: string[] } {
  const lines: string[] = [];
  const none = (): void => undefined;
  return { lines, log: { debug: none, info: none, error: none, warn: (_: object, message = '') => void lines.push(message) } };
}

describe('mongo: authentication only with both User and Password, as rs-collector', () => {
  const standIns: MongoStandIn[] = [];
  const sources: Source[] = [];
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((source) => source.close?.() ?? Promise.resolve()));
    await Promise.all(standIns.splice(0).map((standIn) => standIn.stop()));
  });

  async function readWith(credentials: Partial<MongoOptions>): Promise<{ standIn: MongoStandIn; read: Promise<unknown>; lines: string[] }> {
    const standIn = await startMongoStandIn({ role: 'primary' });
    standIns.push(standIn);
    const { log, lines } = warnings();
    const source = createMongoSource({ uri: standIn.url, name: 'main', connectTimeoutMs: 2000, ...credentials }, { log });
    sources.push(source);
    return { standIn, read: firstValueFrom(source.collect()), lines };
  }

  it('decides by both values', () => {
    deepStrictEqual([{}, { user: 'u' }, { password: 'p' }, { user: 'u', password: '' }, { user: 'u', password: 'p' }].map(authenticates),
      [false, false, false, false, true]);
    strictEqual(clientOptions({ ...MONGO_DEFAULTS, user: 'u' }).auth, undefined);
    deepStrictEqual(clientOptions({ ...MONGO_DEFAULTS, user: 'u', password: 'p' }).auth, { username: 'u', password: 'p' });
  });

  for (const [what, credentials] of [['User alone', { user: 'collector' }], ['a password alone', { password: 'secret' }]] as const) {
    it(`${what}: reads without authenticating, and says so once at start`, async () => {
      const { standIn, read, lines } = await readWith(credentials);
      ok(((await read) as unknown[]).length > 0);
      strictEqual(standIn.received.filter((name) => name === 'saslStart').length, 0);
      strictEqual(lines.filter((line) => line.includes('connecting without authentication')).length, 1);
    });
  }

  it('User and Password: authenticates (the stand-in refuses every password, so the reading fails on it)', async () => {
    const { standIn, read, lines } = await readWith({ user: 'collector', password: 'secret' });
    standIn.behaviour.authFailure = true;
    await rejects(read, /authentication failed for user "collector"/);
    ok(standIn.received.includes('saslStart'));
    deepStrictEqual(lines.filter((line) => line.includes('without authentication')), []);
  });
});
