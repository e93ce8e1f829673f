/**
 * MongoDB: rs-collector's `[[Mongo]]` collector — serverStatus connections and opcounters, replica set state and oplog
 * lag — plus what its TODO left open: memory, network, WiredTiger cache, lock queue, asserts, uptime; per-member
 * health, lag, heartbeat latency and ping; the oplog window; and the balancer on a mongos. One directly connected
 * client per configured instance, through the official `mongodb` driver.
 */
import { Observable } from '../../rx.js';
import type { Db, Document } from 'mongodb';
import { cleanName, nowSeconds, type Datum, type MetricMeta } from '../../datum.js';
import { sourceContext, type Source, type SourceContext, type Logger } from '../../source.js';
import { isMongoServerError, MongoConnection, type MongoConnectionOptions } from './client.js';
import { METRICS } from './metrics.js';
import { parseBalancerStatus, parseOplogWindow, parseReplSetStatus, parseServerStatus, processKind, type Parsed } from './parse.js';
import { MONGO_DEFAULTS } from './defaults.js';

export { MONGO_DEFAULTS } from './defaults.js';

export { METRICS } from './metrics.js';
export * from './parse.js';

export interface MongoOptions extends MongoConnectionOptions {
  /** rs-collector's `Name`: the `name` tag on every metric, telling instances apart ('' sends no `name` tag). */
  name: string;
}

export function createMongoSource(options: Partial<MongoOptions>, context: Partial<SourceContext> = {}): Source {
  return new MongoSource({ ...MONGO_DEFAULTS, ...options }, sourceContext(context));
}

class MongoSource implements Source {
  readonly name: string;
  readonly metadata: readonly MetricMeta[] = METRICS;
  private readonly connection: MongoConnection;
  /** What was already logged once (a standalone's replSetGetStatus error, say), so it is not repeated every reading. */
  private readonly loggedOnce = new Set<string>();

  private readonly log: Logger;

  constructor(private readonly options: MongoOptions, private readonly context: SourceContext) {
    this.log = context.log;
    this.name = options.name === '' ? 'mongo' : `mongo.${cleanName(options.name)}`;
    this.connection = new MongoConnection(options);
    const hasUser = (options.user ?? '') !== '';
    if (hasUser !== ((options.password ?? '') !== '')) {
      const half = hasUser ? 'User without a password' : 'a password without User';
      this.log.warn({ user: options.user ?? '' }, `${this.name}: ${half}: connecting without authentication, as rs-collector did`);
    }
  }

  collect(): Observable<Datum[]> {
    return new Observable<Datum[]>((subscriber) => {
      const abort = new AbortController();
      this.read(abort.signal).then(
        (points) => {
          subscriber.next(points);
          subscriber.complete();
        },
        (error: unknown) => subscriber.error(error),
      );
      // The driver destroys the connection an aborted command was sent on, so nothing stays pending.
      return () => abort.abort(new Error(`${this.name}: reading cancelled`));
    });
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  private async read(signal: AbortSignal): Promise<Datum[]> {
    const client = await this.connection.get();
    signal.throwIfAborted();
    const admin = client.db('admin');
    const timestamp = nowSeconds();
    let status: Document;
    try {
      status = await admin.command({ serverStatus: 1, metrics: 0, locks: 0 }, { signal });
    } catch (error) {
      // A refused, reset or unauthenticated connection: start the next reading from a fresh client.
      if (!signal.aborted && !(isMongoServerError(error) && error.code !== AUTHENTICATION_FAILED)) {
        this.connection.discard();
      }
      if (isMongoServerError(error) && error.code === AUTHENTICATION_FAILED) {
        throw new Error(`${this.name}: authentication failed for user ${JSON.stringify(this.options.user ?? '')}`
          + ' (check User, Password or PasswordFile, and the user\'s authSource)', { cause: error });
      }
      throw error;
    }
    const points = this.accept(parseServerStatus(status, this.options.name, timestamp), 'serverStatus');
    if (processKind(status) === 'mongos') {
      const balancer = await this.optional(admin, { balancerStatus: 1 }, signal);
      if (balancer !== undefined) points.push(...this.accept(parseBalancerStatus(balancer, this.options.name, timestamp), 'balancerStatus'));
      return points;
    }
    const replication = await this.optional(admin, { replSetGetStatus: 1 }, signal);
    if (replication === undefined) return points;
    points.push(...this.accept(parseReplSetStatus(replication, this.options.name, timestamp), 'replSetGetStatus'));
    const replicaSet = typeof replication.set === 'string' ? replication.set : '';
    points.push(...this.accept(await this.oplogWindow(client.db('local'), replicaSet, timestamp, signal), 'oplog'));
    return points;
  }

  /**
   * A command that only some servers answer (replSetGetStatus on a replica set member, balancerStatus on a mongos):
   * an `ok: 0` answer means "not applicable here", logged once, not a failed reading. Connection errors still fail it.
   */
  private async optional(admin: Db, command: Document, signal: AbortSignal): Promise<Document | undefined> {
    try {
      return await admin.command(command, { signal });
    } catch (error) {
      if (!(isMongoServerError(error))) throw error;
      const name = Object.keys(command)[0] ?? '';
      this.once(`${name}:${String(error.code)}`, { command: name, code: error.code, codeName: error.codeName, error: error.message },
        `${name} not available on this server; its metrics are not sent`);
      return undefined;
    }
  }

  private async oplogWindow(local: Db, replicaSet: string, timestamp: number, signal: AbortSignal): Promise<Parsed> {
    const oplog = local.collection('oplog.rs');
    const end = async (direction: 1 | -1): Promise<Document | undefined> => {
      const [entry] = await oplog.find({}, { sort: { $natural: direction }, limit: 1, projection: { ts: 1 }, signal }).toArray();
      return entry;
    };
    try {
      return parseOplogWindow(await end(1), await end(-1), replicaSet, this.options.name, timestamp);
    } catch (error) {
      if (!(isMongoServerError(error))) throw error;
      this.once(`oplog:${String(error.code)}`, { code: error.code, error: error.message }, 'cannot read local.oplog.rs; the oplog window is not sent');
      return { points: [], skipped: [] };
    }
  }

  private accept(parsed: Parsed, command: string): Datum[] {
    this.context.skip(parsed.skipped.length, 'mongo: fields skipped: not numbers', { command, fields: parsed.skipped });
    return parsed.points;
  }

  private once(key: string, details: object, message: string): void {
    if (this.loggedOnce.has(key)) return;
    this.loggedOnce.add(key);
    this.log.info({ source: this.name, ...details }, message);
  }
}

const AUTHENTICATION_FAILED = 18;
