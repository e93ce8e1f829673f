/**
 * A MongoDB wire-protocol stand-in. No MongoDB server can run on these machines (not in Debian, no binary on npm), so
 * the Mongo source is tested through the real `mongodb` driver against this: a TCP server on 127.0.0.1 that answers the
 * handshake and the commands the source sends with documents shaped as MongoDB's manual gives them. Tests program it
 * between readings: change documents, stall or drop a command, answer `ok: 0`, fail authentication.
 */
import { createServer as createTcpServer, type Server as NetServer, type Socket } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { Double, Int32, Long, type Document } from 'bson';
import { freePort, type Server } from '../harness.js';
import { copy, loadFixture } from './documents.js';
import { encodeReply, MessageSplitter, readRequest, type Request } from './wire.js';

export type Role = 'primary' | 'secondary' | 'standalone' | 'mongos';

export interface CommandError {
  code: number;
  codeName: string;
  errmsg: string;
}

/** What the stand-in answers; tests change fields between readings. */
export interface Behaviour {
  role: Role;
  serverStatus: Document;
  replSetGetStatus: Document;
  balancerStatus: Document;
  /** First and last entry of `local.oplog.rs` (what a `find` sorted by `$natural` returns). */
  oplog: { first: Document; last: Document };
  /** Commands (by name) that are read but never answered. */
  stall: Set<string>;
  /** Commands (by name) on which the stand-in closes the connection instead of answering. */
  drop: Set<string>;
  /** Commands (by name) answered with `ok: 0` and this error. */
  errors: Map<string, CommandError>;
  /** Answer `saslStart` with AuthenticationFailed (code 18), as mongod does for a wrong password. */
  authFailure: boolean;
}

/** Serve TLS with this certificate; with `clientCa`, also demand a client certificate signed by it. */
export interface StandInTls {
  cert: Buffer;
  key: Buffer;
  clientCa?: Buffer;
}

export interface MongoStandIn extends Server {
  readonly port: number;
  /** `mongodb://127.0.0.1:<port>/?directConnection=true` */
  readonly url: string;
  behaviour: Behaviour;
  /** Connections open right now. */
  openConnections(): number;
  /** Connections accepted since start. */
  acceptedConnections(): number;
  /** Names of the commands received, in order (handshakes and heartbeats included). */
  readonly received: string[];
}

const NO_REPLICATION: CommandError = { code: 76, codeName: 'NoReplicationEnabled', errmsg: 'not running with --replSet' };
const AUTH_FAILED: CommandError = { code: 18, codeName: 'AuthenticationFailed', errmsg: 'Authentication failed.' };

export function defaultBehaviour(role: Role = 'primary'): Behaviour {
  return {
    role,
    serverStatus: loadFixture(role === 'mongos' ? 'serverStatus-mongos' : 'serverStatus-mongod'),
    replSetGetStatus: loadFixture('replSetGetStatus-primary'),
    balancerStatus: loadFixture('balancerStatus'),
    oplog: { first: loadFixture('oplog-first'), last: loadFixture('oplog-last') },
    stall: new Set(),
    drop: new Set(),
    errors: new Map(),
    authFailure: false,
  };
}

export async function startMongoStandIn(changes: Partial<Behaviour> = {}, tls?: StandInTls): Promise<MongoStandIn> {
  const port = await freePort();
  const sockets = new Set<Socket>();
  const received: string[] = [];
  let accepted = 0;
  let nextResponseId = 1;
  const standIn = {
    port,
    url: `mongodb://127.0.0.1:${port}/?directConnection=true`,
    behaviour: { ...defaultBehaviour(changes.role), ...changes },
    received,
    openConnections: () => sockets.size,
    acceptedConnections: () => accepted,
    stop: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  } satisfies MongoStandIn;

  const serve = (socket: Socket): void => {
    accepted += 1;
    const connectionId = accepted;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => socket.destroy());
    const splitter = new MessageSplitter();
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const message of splitter.push(chunk)) {
          const request = readRequest(message);
          const name = commandName(request.command);
          received.push(name);
          const behaviour = standIn.behaviour;
          if (behaviour.stall.has(name)) continue;
          if (behaviour.drop.has(name)) {
            socket.destroy();
            return;
          }
          const reply = answer(behaviour, name, request, port, connectionId);
          socket.write(encodeReply(request, nextResponseId++, reply));
        }
      } catch {
        socket.destroy();
      }
    });
  };
  const server: NetServer = tls === undefined ? createTcpServer(serve) : createTlsServer({
    cert: tls.cert, key: tls.key,
    ...(tls.clientCa === undefined ? {} : { ca: tls.clientCa, requestCert: true, rejectUnauthorized: true }),
  }, serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return standIn;
}

function commandName(command: Document): string {
  const first = Object.keys(command)[0] ?? '';
  return first === 'ismaster' ? 'isMaster' : first;
}

function answer(behaviour: Behaviour, name: string, request: Request, port: number, connectionId: number): Document {
  const planned = behaviour.errors.get(name);
  if (planned !== undefined) return failure(planned);
  switch (name) {
    case 'hello':
    case 'isMaster':
      return hello(behaviour, name, port, connectionId);
    case 'ping':
    case 'endSessions':
      return { ok: new Double(1) };
    case 'saslStart':
    case 'saslContinue':
      // The stand-in does not implement SCRAM; a correct password cannot be checked, only a refusal shown.
      return failure(AUTH_FAILED);
    case 'serverStatus':
      return copy(behaviour.serverStatus);
    case 'replSetGetStatus':
      if (behaviour.role === 'mongos') return failure(notFound(name));
      if (behaviour.role === 'standalone') return failure(NO_REPLICATION);
      return copy(behaviour.replSetGetStatus);
    case 'balancerStatus':
      return behaviour.role === 'mongos' ? copy(behaviour.balancerStatus) : failure(notFound(name));
    case 'find':
      return find(behaviour, request);
    default:
      return failure(notFound(name));
  }
}

function notFound(name: string): CommandError {
  return { code: 59, codeName: 'CommandNotFound', errmsg: `no such command: '${name}'` };
}

function failure(error: CommandError): Document {
  return { ok: new Double(0), errmsg: error.errmsg, code: new Int32(error.code), codeName: error.codeName };
}

function hello(behaviour: Behaviour, name: string, port: number, connectionId: number): Document {
  const writable = behaviour.role !== 'secondary';
  const reply: Document = {
    helloOk: true,
    [name === 'hello' ? 'isWritablePrimary' : 'ismaster']: writable,
    maxBsonObjectSize: new Int32(16 * 1024 * 1024),
    maxMessageSizeBytes: new Int32(48_000_000),
    maxWriteBatchSize: new Int32(100_000),
    localTime: new Date(),
    logicalSessionTimeoutMinutes: new Int32(30),
    connectionId: new Int32(connectionId),
    minWireVersion: new Int32(0),
    maxWireVersion: new Int32(21),
    readOnly: false,
  };
  if (behaviour.role === 'mongos') reply.msg = 'isdbgrid';
  if (behaviour.role === 'primary' || behaviour.role === 'secondary') {
    const status = behaviour.replSetGetStatus;
    const names = (status.members as Document[]).map((member) => String(member.name));
    const primary = (status.members as Document[]).find((member) => Number(member.state) === 1);
    const self = (status.members as Document[]).find((member) => member.self === true);
    Object.assign(reply, {
      hosts: names, setName: String(status.set), setVersion: new Int32(5), secondary: !writable,
      me: self === undefined ? `127.0.0.1:${port}` : String(self.name),
      ...(primary === undefined ? {} : { primary: String(primary.name) }),
    });
  }
  return { ...reply, ok: new Double(1) };
}

function find(behaviour: Behaviour, request: Request): Document {
  const collection = String(request.command.find);
  const namespace = `${request.database}.${collection}`;
  let batch: Document[] = [];
  if (namespace === 'local.oplog.rs' && (behaviour.role === 'primary' || behaviour.role === 'secondary')) {
    const sort = (request.command.sort ?? {}) as Document;
    batch = [Number(sort.$natural ?? 1) < 0 ? copy(behaviour.oplog.last) : copy(behaviour.oplog.first)];
  }
  return { cursor: { firstBatch: batch, id: Long.fromNumber(0), ns: namespace }, ok: new Double(1) };
}
