/**
 * Follows a log file across rotations, returning each complete line exactly once.
 *
 * - First open: starts at the end (old history is not re-counted after an agent restart). A file that appears later
 *   (after rotation or because it did not exist yet) is read from its start.
 * - Rotation by rename: the old file (still open) is drained to its end, then the new file is read from its start.
 *   The old handle stays open one more reading, so lines the writer appends before it reopens are not lost.
 * - Rotation by truncation (copytruncate): the file shrank below our offset, so it is read again from the start.
 *   Lines written after our last reading and before the truncation are gone from the file and cannot be counted.
 * - A line without its newline yet is held back until it is complete (or until its file is rotated away).
 */
import { open, stat, type FileHandle } from 'node:fs/promises';

const CHUNK_BYTES = 64 * 1024;
const NEWLINE = 0x0a;

interface OpenFile {
  handle: FileHandle;
  ino: number;
  dev: number;
  offset: number;
}

export class LogFollower {
  private current: OpenFile | undefined;
  /** The file we switched away from at the last rotation: drained once more, then closed. */
  private previous: OpenFile | undefined;
  private pending: Buffer = Buffer.alloc(0);
  private lines: string[] = [];
  private opened = false;

  constructor(readonly path: string) {}

  /** False while the file does not exist (or cannot be opened). */
  get following(): boolean {
    return this.current !== undefined;
  }

  /** Every line completed since the last call, without newlines. A missing file yields no lines. */
  async readLines(): Promise<string[]> {
    if (this.previous !== undefined) {
      await this.drain(this.previous);
      this.endOfFile();
      await this.previous.handle.close();
      this.previous = undefined;
    }
    if (this.current === undefined) {
      this.current = await this.openAt(this.opened ? 'start' : 'end');
      this.opened = true;
      if (this.current === undefined) return this.take();
    }
    await this.drain(this.current);
    const onDisk = await stat(this.path).catch(() => undefined);
    if (onDisk !== undefined && (onDisk.ino !== this.current.ino || onDisk.dev !== this.current.dev)) {
      this.previous = this.current;
      this.current = await this.openAt('start');
      if (this.current !== undefined) {
        this.endOfFile();
        await this.drain(this.current);
      }
    } else if (onDisk !== undefined && onDisk.size < this.current.offset) {
      this.pending = Buffer.alloc(0);
      this.current.offset = 0;
      await this.drain(this.current);
    }
    return this.take();
  }

  async close(): Promise<void> {
    await Promise.allSettled([this.current?.handle.close(), this.previous?.handle.close()]);
    this.current = undefined;
    this.previous = undefined;
  }

  private take(): string[] {
    const lines = this.lines;
    this.lines = [];
    return lines;
  }

  /** A file rotated away will never get the newline its last line lacks: that tail is a line of its own. */
  private endOfFile(): void {
    if (this.pending.length > 0) this.lines.push(this.pending.toString('utf8'));
    this.pending = Buffer.alloc(0);
  }

  /** Reads `file` from its offset to its current end, cutting complete lines off the pending bytes. */
  private async drain(file: OpenFile): Promise<void> {
    for (;;) {
      const buffer = Buffer.alloc(CHUNK_BYTES);
      const { bytesRead } = await file.handle.read(buffer, 0, CHUNK_BYTES, file.offset);
      if (bytesRead === 0) return;
      file.offset += bytesRead;
      this.pending = Buffer.concat([this.pending, buffer.subarray(0, bytesRead)]);
      const lastNewline = this.pending.lastIndexOf(NEWLINE);
      if (lastNewline < 0) continue;
      const complete = this.pending.subarray(0, lastNewline).toString('utf8');
      this.pending = this.pending.subarray(lastNewline + 1);
      for (const line of complete.split('\n')) if (line !== '') this.lines.push(line);
    }
  }

  private async openAt(where: 'start' | 'end'): Promise<OpenFile | undefined> {
    let handle: FileHandle;
    try {
      handle = await open(this.path, 'r');
    } catch {
      return undefined;
    }
    const info = await handle.stat();
    return { handle, ino: info.ino, dev: info.dev, offset: where === 'end' ? info.size : 0 };
  }
}
