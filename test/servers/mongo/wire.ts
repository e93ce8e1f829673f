/**
 * MongoDB's wire protocol, the server's half: split a TCP stream into messages, read OP_MSG and legacy OP_QUERY
 * requests, write OP_MSG and OP_REPLY answers. Only what the `mongodb` driver sends to a server it monitors and queries.
 */
import { deserialize, serialize, type Document } from 'bson';

export const OP_REPLY = 1;
export const OP_QUERY = 2004;
export const OP_MSG = 2013;

const HEADER_BYTES = 16;
const CHECKSUM_PRESENT = 1;

/** One request as the stand-in sees it: the command document and how to address the answer. */
export interface Request {
  requestId: number;
  opCode: typeof OP_MSG | typeof OP_QUERY;
  /** The command; OP_MSG document sequences (kind 1 sections) are merged in as arrays under their identifier. */
  command: Document;
  /** For OP_QUERY, the collection it was sent to (`admin.$cmd`); for OP_MSG, the command's `$db`. */
  database: string;
}

/** Collects bytes until whole messages are there; returns the complete ones and keeps the rest. */
export class MessageSplitter {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): Buffer[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const messages: Buffer[] = [];
    while (this.pending.length >= 4) {
      const length = this.pending.readInt32LE(0);
      if (length < HEADER_BYTES) throw new Error(`invalid message length ${length}`);
      if (this.pending.length < length) break;
      messages.push(this.pending.subarray(0, length));
      this.pending = this.pending.subarray(length);
    }
    return messages;
  }
}

/** Reads one complete message; throws on opcodes a driver talking to this server would not send. */
export function readRequest(message: Buffer): Request {
  const requestId = message.readInt32LE(4);
  const opCode = message.readInt32LE(12);
  if (opCode === OP_MSG) return { requestId, opCode, ...readOpMsg(message) };
  if (opCode === OP_QUERY) return { requestId, opCode, ...readOpQuery(message) };
  throw new Error(`unsupported opcode ${opCode}`);
}

function readOpMsg(message: Buffer): { command: Document; database: string } {
  const flags = message.readUInt32LE(HEADER_BYTES);
  const end = message.length - ((flags & CHECKSUM_PRESENT) !== 0 ? 4 : 0);
  let offset = HEADER_BYTES + 4;
  let command: Document | undefined;
  const sequences: Record<string, Document[]> = {};
  while (offset < end) {
    const kind = message.readUInt8(offset);
    offset += 1;
    if (kind === 0) {
      const size = message.readInt32LE(offset);
      command = deserialize(message.subarray(offset, offset + size));
      offset += size;
    } else if (kind === 1) {
      const size = message.readInt32LE(offset);
      const sectionEnd = offset + size;
      const nameEnd = message.indexOf(0, offset + 4);
      const identifier = message.toString('utf8', offset + 4, nameEnd);
      const documents: Document[] = [];
      for (let at = nameEnd + 1; at < sectionEnd; at += message.readInt32LE(at)) {
        documents.push(deserialize(message.subarray(at, at + message.readInt32LE(at))));
      }
      sequences[identifier] = documents;
      offset = sectionEnd;
    } else {
      throw new Error(`unsupported OP_MSG section kind ${kind}`);
    }
  }
  if (command === undefined) throw new Error('OP_MSG without a body section');
  Object.assign(command, sequences);
  return { command, database: typeof command.$db === 'string' ? command.$db : 'admin' };
}

function readOpQuery(message: Buffer): { command: Document; database: string } {
  let offset = HEADER_BYTES + 4;
  const nameEnd = message.indexOf(0, offset);
  const collection = message.toString('utf8', offset, nameEnd);
  offset = nameEnd + 1 + 8; // numberToSkip, numberToReturn
  const size = message.readInt32LE(offset);
  let command = deserialize(message.subarray(offset, offset + size));
  // A driver wraps a command in `$query` when it adds `$readPreference`.
  if (typeof command.$query === 'object' && command.$query !== null) command = command.$query as Document;
  return { command, database: collection.split('.')[0] ?? 'admin' };
}

/** The answer to `request` in the opcode it came with: OP_MSG for OP_MSG, OP_REPLY for the legacy handshake. */
export function encodeReply(request: Request, responseId: number, reply: Document): Buffer {
  const body = serialize(reply);
  if (request.opCode === OP_MSG) {
    const prefix = Buffer.alloc(HEADER_BYTES + 5);
    writeHeader(prefix, prefix.length + body.length, responseId, request.requestId, OP_MSG);
    prefix.writeUInt32LE(0, HEADER_BYTES);
    prefix.writeUInt8(0, HEADER_BYTES + 4);
    return Buffer.concat([prefix, body]);
  }
  const prefix = Buffer.alloc(HEADER_BYTES + 20);
  writeHeader(prefix, prefix.length + body.length, responseId, request.requestId, OP_REPLY);
  prefix.writeInt32LE(0, HEADER_BYTES); // responseFlags
  prefix.writeBigInt64LE(0n, HEADER_BYTES + 4); // cursorID
  prefix.writeInt32LE(0, HEADER_BYTES + 12); // startingFrom
  prefix.writeInt32LE(1, HEADER_BYTES + 16); // numberReturned
  return Buffer.concat([prefix, body]);
}

function writeHeader(buffer: Buffer, length: number, requestId: number, responseTo: number, opCode: number): void {
  buffer.writeInt32LE(length, 0);
  buffer.writeInt32LE(requestId, 4);
  buffer.writeInt32LE(responseTo, 8);
  buffer.writeInt32LE(opCode, 12);
}
