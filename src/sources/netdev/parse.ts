import { RECEIVE, TRANSMIT, type Field } from './metrics.js';

export interface InterfaceCounters {
  iface: string;
  /** Receive columns by name; a column that could not be read is absent. */
  in: Partial<Record<Field, number>>;
  out: Partial<Record<Field, number>>;
}

export interface ParsedNetDev {
  interfaces: InterfaceCounters[];
  skipped: number;
}

export const HEADER = /^\s*(Inter-|face)\s*\|/;

/** Parses /proc/net/dev: two header lines, then `iface: 16 numbers`. Unreadable lines and columns are counted. */
export function parseProcNetDev(text: string): ParsedNetDev {
  const interfaces: InterfaceCounters[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '' || HEADER.test(line)) continue;
    // The name may run into the first number when it is long ("enp0s31f6:1234"): split at the last colon.
    const colon = line.lastIndexOf(':');
    const iface = colon < 0 ? '' : line.slice(0, colon).trim();
    if (iface === '') {
      skipped += 1;
      continue;
    }
    const columns = line.slice(colon + 1).trim().split(/\s+/);
    const counters: InterfaceCounters = { iface, in: {}, out: {} };
    const read = (names: readonly Field[], offset: number, into: Partial<Record<Field, number>>): void => {
      names.forEach((name, index) => {
        const column = columns[offset + index];
        if (column !== undefined && /^\d+$/.test(column)) into[name] = Number(column);
        else skipped += 1;
      });
    };
    read(RECEIVE, 0, counters.in);
    read(TRANSMIT, RECEIVE.length, counters.out);
    interfaces.push(counters);
  }
  return { interfaces, skipped };
}
