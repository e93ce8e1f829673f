/**
 * Files of /proc and /sys read at every reading through descriptors kept open: the kernel builds such a file's text
 * afresh at each read from offset 0, so a positional read of a kept descriptor gives what reading the file anew would,
 * without the path lookup, open, fstat and close of each readFileSync (about half the CPU for /proc/net/dev, a quarter
 * for a sysfs attribute). Only for files the kernel generates: a regular file replaced by a rename would be read as
 * it was.
 *
 * A read that fails on a kept descriptor (its interface was removed, or removed and made again) closes it and opens the
 * path once more; a path not read since the last `sweep` is closed there, so descriptors never pile up.
 */
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';

export interface KeptFiles {
  /** The file's whole text; throws as readFileSync would (ENOENT, EINVAL …). */
  read(path: string): string;
  /** Closes the descriptors of paths not read since the last sweep. */
  sweep(): void;
  /** Closes every descriptor. */
  close(): void;
}

/** Most descriptors kept; paths beyond it are read as readFileSync does, so a host with many interfaces stays bounded. */
export const MAX_KEPT_FILES = 64;

export function keptFiles(maxKept = MAX_KEPT_FILES): KeptFiles {
  const kept = new Map<string, { fd: number; readSinceSweep: boolean }>();
  let buffer = Buffer.allocUnsafe(16 * 1024);

  function readAll(fd: number): string {
    let length = 0;
    for (;;) {
      if (length === buffer.length) {
        const larger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(larger, 0, 0, length);
        buffer = larger;
      }
      const count = readSync(fd, buffer, length, buffer.length - length, length);
      if (count === 0) return buffer.toString('utf8', 0, length);
      length += count;
    }
  }

  function forget(path: string): void {
    const entry = kept.get(path);
    if (entry === undefined) return;
    kept.delete(path);
    closeSync(entry.fd);
  }

  return {
    read(path) {
      const entry = kept.get(path);
      if (entry !== undefined) {
        try {
          entry.readSinceSweep = true;
          return readAll(entry.fd);
        } catch {
          forget(path);
        }
      }
      if (kept.size >= maxKept) return readFileSync(path, 'utf8');
      const fd = openSync(path, 'r');
      try {
        const text = readAll(fd);
        kept.set(path, { fd, readSinceSweep: true });
        return text;
      } catch (error) {
        closeSync(fd);
        throw error;
      }
    },
    sweep() {
      for (const [path, entry] of kept) {
        if (entry.readSinceSweep) entry.readSinceSweep = false;
        else forget(path);
      }
    },
    close() {
      for (const path of [...kept.keys()]) forget(path);
    },
  };
}
