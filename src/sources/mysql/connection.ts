/**
 * One MySQL/MariaDB connection owned by one source (not a pool: a reading is one or two statements, and a pool of ten
 * idle connections per instance is what a DBA notices). Created on first use, forgotten after any failure so the next
 * reading reconnects, and destroyed when a reading is cancelled mid-statement — a half-read protocol stream cannot be
 * reused, and destroying it is what frees the socket of a server that never answers.
 */
import type { Connection, ConnectionOptions, QueryError, RowDataPacket } from 'mysql2';
import { from, Observable, switchMap } from '../../rx.js';
import type { Logger } from '../../source.js';
import { loadDriver as importDriver } from '../driver.js';
import type { StatusRow } from './status.js';

/** PEM contents (not paths: the config loader reads the files so a missing one is a config error at start). */
export interface MysqlTlsOptions {
  /** CA bundle the server certificate must chain to; the system CAs when absent. */
  ca?: string;
  /** Client certificate; needs `key`. */
  cert?: string;
  key?: string;
  /** Verify the server certificate (default true); only for test servers with throw-away certificates. */
  verifyServer?: boolean;
}

export interface MysqlEndpointOptions {
  /** TCP host; ignored when `socket` is set. */
  host?: string;
  port?: number;
  /** Unix socket path; preferred over host/port when set. */
  socket?: string;
  user?: string;
  password?: string;
  /** TLS for TCP connections; plain when absent. */
  tls?: MysqlTlsOptions;
  /** How long the TCP connect and handshake may take before the reading fails. */
  connectTimeoutMs?: number;
}

export const MYSQL_ENDPOINT_DEFAULTS = {
  host: '127.0.0.1',
  port: 3306,
  user: 'root',
  connectTimeoutMs: 10_000,
} as const;

export type Rows = RowDataPacket[];

type MysqlDriver = typeof import('mysql2');
let driver: Promise<MysqlDriver> | undefined;

/** The driver is loaded on the first query, so an agent without [Galera] or [[Mysql]] never pays its ~18 MB. */
function loadDriver(): Promise<MysqlDriver> {
  // mysql2 is CommonJS: Node hands its exports over as `default` (named exports only where it can detect them).
  driver ??= importDriver('mysql2', 'Galera and Mysql', () => import('mysql2'))
    .then((module) => (module as MysqlDriver & { default?: MysqlDriver }).default ?? module);
  return driver;
}

export class MysqlSession {
  private connection: Connection | undefined;
  private connects = 0;

  constructor(private readonly options: MysqlEndpointOptions, private readonly log: Logger) {}

  /** Connections opened since start (a test can see that a failure led to a reconnect). */
  get connectionsOpened(): number {
    return this.connects;
  }

  /** Runs one statement; unsubscribing before the answer destroys the connection. */
  query(statement: string): Observable<Rows> {
    return from(loadDriver()).pipe(switchMap((mysql) => new Observable<Rows>((subscriber) => {
      const connection = this.current(mysql);
      let answered = false;
      connection.query<Rows>(statement, (error: QueryError | null, rows: Rows) => {
        answered = true;
        if (error !== null) {
          // a statement error (ER_PARSE_ERROR, ...) leaves the connection usable; anything fatal does not
          if (error.fatal) this.discard(connection);
          subscriber.error(error);
          return;
        }
        subscriber.next(rows);
        subscriber.complete();
      });
      return () => {
        if (!answered) this.discard(connection);
      };
    })));
  }

  /** Runs a `SHOW … STATUS` statement: rows of Variable_name and Value, which is what the server sends for those. */
  status(statement: string): Observable<StatusRow[]> {
    return this.query(statement) as Observable<unknown> as Observable<StatusRow[]>;
  }

  /** Ends the connection for good. */
  close(): Promise<void> {
    const connection = this.connection;
    this.connection = undefined;
    if (connection === undefined) return Promise.resolve();
    return new Promise((resolve) => {
      // `end` waits for the server's goodbye; a dead server must not hold shutdown up
      const deadline = setTimeout(() => {
        connection.destroy();
        resolve();
      }, 1_000);
      connection.end(() => {
        clearTimeout(deadline);
        resolve();
      });
    });
  }

  private current(mysql: MysqlDriver): Connection {
    if (this.connection !== undefined) return this.connection;
    const connection = mysql.createConnection(driverOptions(this.options));
    this.connects += 1;
    // Without a listener a dropped connection would be an uncaught 'error' event and take the agent down.
    connection.on('error', (error: QueryError) => {
      this.log.debug({ err: error.message, code: error.code }, 'mysql connection failed; will reconnect');
      this.discard(connection);
    });
    connection.on('end', () => this.discard(connection));
    this.connection = connection;
    return connection;
  }

  private discard(connection: Connection): void {
    if (this.connection === connection) this.connection = undefined;
    connection.destroy();
  }
}

/** What mysql2 is given for one connection to `endpoint`. */
export function driverOptions(endpoint: MysqlEndpointOptions): ConnectionOptions {
  const { socket, host, port, user, password, tls, connectTimeoutMs } = { ...MYSQL_ENDPOINT_DEFAULTS, ...endpoint };
  const where = socket !== undefined && socket !== '' ? { socketPath: socket } : { host, port };
  const options: ConnectionOptions = {
    ...where, user, password, connectTimeout: connectTimeoutMs, supportBigNumbers: true, bigNumberStrings: true,
    // Statements are never prepared here (query, not execute), and mysql2 sizes each connection's statement cache up
    // front: 16 000 entries, half a megabyte that goes straight to V8's old generation. Reconnecting every second
    // to a server that is down made that a 20 MB sawtooth in RSS (bench/soak.bench.ts, SOAK_GALERA=1).
    maxPreparedStatements: 1,
  };
  if (tls !== undefined) {
    options.ssl = { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.verifyServer ?? true };
  }
  return options;
}
