/**
 * The driver side of the Mongo source: one `MongoClient` per configured instance, directly connected to that member,
 * built from the options, reused between readings and replaced after a connection failure.
 */
import { readFileSync } from 'node:fs';
import type { MongoClient, MongoClientOptions, MongoServerError, ReadPreferenceMode } from 'mongodb';
import { loadDriver as importDriver } from '../driver.js';

type MongoDriver = typeof import('mongodb');
let driver: MongoDriver | undefined;

/** The driver is loaded on first connect, so an agent without [[Mongo]] never pays its ~23 MB. */
async function loadDriver(): Promise<MongoDriver> {
  driver ??= await importDriver('mongodb', 'Mongo', () => import('mongodb'));
  return driver;
}

/** An error the server answered (as opposed to a network failure); only a loaded driver can have produced one. */
export function isMongoServerError(error: unknown): error is MongoServerError {
  return driver !== undefined && error instanceof driver.MongoServerError;
}

export interface MongoConnectionOptions {
  /** A full connection string; when set, `host` and `port` are not used. */
  uri?: string;
  host: string;
  port: number;
  /** Authenticates (authSource admin unless the uri says otherwise) only together with `password`, as rs-collector. */
  user?: string;
  password?: string;
  useSsl: boolean;
  /** PEM file of the CA(s) the server's certificate must chain to. */
  caCert?: string;
  /** PEM client certificate; may hold the key too when `clientCertKey` is not given. */
  clientCert?: string;
  clientCertKey?: string;
  /** Skip verification of the server's certificate and host name. Only when explicitly asked for. */
  tlsInsecure: boolean;
  readPreference: ReadPreferenceMode;
  /** TCP connect and server selection limit. */
  connectTimeoutMs: number;
  /** Limit for each send or receive on a socket; the pipeline's Timeout usually cancels a whole reading earlier. */
  commandTimeoutMs: number;
}

/** The connection string the client is built from. */
export function connectionUrl(options: MongoConnectionOptions): string {
  if (options.uri !== undefined && options.uri !== '') return options.uri;
  const host = options.host.includes(':') && !options.host.startsWith('[') ? `[${options.host}]` : options.host;
  return `mongodb://${host}:${options.port}/`;
}

/** A seed list (several hosts or SRV) cannot take directConnection; a URI that sets it itself is left alone. */
function wantsDirectConnection(url: string): boolean {
  if (url.startsWith('mongodb+srv://') || /[?&]directConnection=/i.test(url)) return false;
  const hosts = url.replace(/^mongodb:\/\//, '').split(/[/?]/)[0] ?? '';
  return !hosts.includes(',');
}

/** rs-collector's rule: credentials are used only when both a user and a password are given. */
export function authenticates(options: Pick<MongoConnectionOptions, 'user' | 'password'>): boolean {
  return (options.user ?? '') !== '' && (options.password ?? '') !== '';
}

export function clientOptions(options: MongoConnectionOptions): MongoClientOptions {
  const url = connectionUrl(options);
  const settings: MongoClientOptions = {
    appName: 'rx-collector',
    readPreference: options.readPreference,
    connectTimeoutMS: options.connectTimeoutMs,
    serverSelectionTimeoutMS: options.connectTimeoutMs,
    socketTimeoutMS: options.commandTimeoutMs,
    // One reading at a time needs one connection; a second covers a reading that overlaps a discarded one.
    maxPoolSize: 2,
    retryReads: false,
  };
  if (wantsDirectConnection(url)) settings.directConnection = true;
  if (authenticates(options)) settings.auth = { username: options.user ?? '', password: options.password ?? '' };
  if (options.useSsl) {
    settings.tls = true;
    if (options.caCert !== undefined) settings.tlsCAFile = options.caCert;
    if (options.clientCert !== undefined && options.clientCertKey !== undefined) {
      settings.cert = readFileSync(options.clientCert);
      settings.key = readFileSync(options.clientCertKey);
    } else if (options.clientCert !== undefined) {
      settings.tlsCertificateKeyFile = options.clientCert;
    }
    if (options.tlsInsecure) settings.tlsInsecure = true;
  }
  return settings;
}

/** Holds the instance's client: created on first use, discarded after a failure, closed once for good. */
export class MongoConnection {
  private client: MongoClient | undefined;
  private closing: Promise<void> = Promise.resolve();

  constructor(private readonly options: MongoConnectionOptions) {}

  /** The current client, or a new one once the previous one has finished closing. */
  async get(): Promise<MongoClient> {
    await this.closing;
    const { MongoClient } = await loadDriver();
    this.client ??= new MongoClient(connectionUrl(this.options), clientOptions(this.options));
    return this.client;
  }

  /** Drops the client (its pool and monitor sockets close in the background); the next `get` builds a fresh one. */
  discard(): void {
    const client = this.client;
    if (client === undefined) return;
    this.client = undefined;
    const previous = this.closing;
    this.closing = Promise.all([previous, client.close().catch(() => undefined)]).then(() => undefined);
  }

  async close(): Promise<void> {
    this.discard();
    await this.closing;
  }
}
