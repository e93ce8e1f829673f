/**
 * The agent's resident set in bytes, read from /proc/self/statm through a descriptor kept open. process.memoryUsage()
 * opens, reads and closes /proc/self/stat at every call and gathers V8's heap statistics as well: 70 µs of wall time after
 * an idle second, against 42 for a read of the kept descriptor and 12 for the heap statistics alone (node 20, 2 shared
 * cores).
 * Where statm cannot be read (not Linux), Node's own figure.
 */
import { keptFiles } from '../keptFiles.js';

export interface ResidentSet {
  bytes(): number;
  close(): void;
}

export function residentSet(statmPath = '/proc/self/statm'): ResidentSet {
  const files = keptFiles(1);
  // statm counts pages, and Node does not tell the page size: the first reading measures it against Node's RSS
  // (4 KiB on x86-64, 4, 16 or 64 KiB on arm64), rounded to a power of two as page sizes are.
  let pageBytes: number | undefined;
  return {
    bytes() {
      let pages: number;
      try {
        pages = Number(files.read(statmPath).split(' ', 2)[1]);
      } catch {
        return process.memoryUsage.rss();
      }
      if (!(pages > 0)) return process.memoryUsage.rss();
      pageBytes ??= 2 ** Math.round(Math.log2(process.memoryUsage.rss() / pages));
      return pages * pageBytes;
    },
    close: () => files.close(),
  };
}
