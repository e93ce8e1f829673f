/** What the benchmarks measure with: CPU and memory of a process from /proc, medians, the machine's load. */
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';

/**
 * CPU time of a process's live threads in milliseconds, at nanosecond resolution: the first field of
 * /proc/<pid>/task/<tid>/schedstat is the time the scheduler ran that thread. (utime + stime in /proc/<pid>/stat are
 * sampled at the 10 ms tick: an agent that wakes for a few milliseconds is charged a whole tick or nothing.)
 */
export function processCpuMs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return ns / 1e6;
}

/** This process's CPU time (all threads: zlib and libuv's pool included), in milliseconds, at µs resolution. */
export function ownCpuMs(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
}

/** Resident set size of a process in MiB, from /proc/<pid>/status. */
export function rssMiB(pid: number): number {
  return statusMiB(pid, 'VmRSS');
}

/**
 * The anonymous part of the resident set in MiB (RssAnon: heap, malloc, stacks): what the process itself holds. The
 * rest (RssFile) is mostly pages of the node binary, shared with every other node process on the host.
 */
export function rssAnonMiB(pid: number): number {
  return statusMiB(pid, 'RssAnon');
}

function statusMiB(pid: number, field: string): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(`${field}:`)) ?? '';
  return Number(/(\d+)/.exec(line)?.[1] ?? 0) / 1024;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return Number.NaN;
  return sorted.length % 2 === 1 ? (sorted[middle] ?? Number.NaN) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** The 1, 5 and 15 minute load averages, as `uptime` prints them. */
export function load(): string {
  return loadavg().map((value) => value.toFixed(2)).join(' ');
}

export function round(value: number, digits = 2): number {
  return Number(value.toFixed(digits));
}

/** Runs a full collection so that heap figures show live data, not garbage not yet collected. */
export function collectGarbage(): void {
  if (globalThis.gc === undefined) throw new Error('run with --expose-gc (npm run bench does)');
  globalThis.gc();
  globalThis.gc();
}
