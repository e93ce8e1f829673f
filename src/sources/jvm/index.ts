/**
 * Garbage-collector statistics of running JVMs, as rs-collector's `[[Jvm]]` sent them: `jps -vl` lists the JVMs,
 * every one whose main class or command line matches the configured regex gets one `jstat -gc <pid>`, and each column
 * jstat prints becomes `jvm.gc.stats.<name>` with tag `jvm_name`. When several JVMs match one name in a reading, each
 * also gets a `pid` tag so their series stay apart (rs-collector mixed them into one).
 */
import { catchError, from, map, mergeMap, Observable, of, reduce } from 'rxjs';
import { cleanName, datum, nowSeconds, type Datum, type MetricMeta } from '../../datum.js';
import { fromAbortable, runCommand } from '../abortable.js';
import { sourceContext, type MetricTable, type Source, type SourceContext } from '../../source.js';

export interface JvmOptions {
  /** Value of the `jvm_name` tag (rs-collector's `Name`). */
  name: string;
  /** Matched against each JVM's main class and its whole `jps -vl` line (rs-collector's `Command`). */
  command: string | RegExp;
  /** The `jps` executable; a name is looked up on PATH. */
  jpsCommand?: string;
  /** The `jstat` executable; a name is looked up on PATH. */
  jstatCommand?: string;
  /** Each jps / jstat run is killed after this long. */
  commandTimeoutMs?: number;
  /** jstat runs at most this many at a time (each is a short-lived JVM of its own). */
  jstatConcurrency?: number;
}

export const JVM_DEFAULTS = {
  jpsCommand: 'jps',
  jstatCommand: 'jstat',
  commandTimeoutMs: 5_000,
  jstatConcurrency: 4,
} as const satisfies Partial<JvmOptions>;

const PREFIX = 'jvm.gc.stats.';
const TAGS = ['jvm_name', 'pid'] as const;

/** jstat's column header → metric, in rs-collector's names and units (kB for sizes, seconds for times). */
const COLUMNS: Readonly<Record<string, Omit<MetricMeta, 'tags'>>> = {
  S0C: { metric: `${PREFIX}survivor_space_0_capacity`, rate: 'gauge', unit: 'kB', desc: 'Capacity of survivor space 0.' },
  S1C: { metric: `${PREFIX}survivor_space_1_capacity`, rate: 'gauge', unit: 'kB', desc: 'Capacity of survivor space 1.' },
  S0U: { metric: `${PREFIX}survivor_space_0_utilization`, rate: 'gauge', unit: 'kB', desc: 'Used part of survivor space 0.' },
  S1U: { metric: `${PREFIX}survivor_space_1_utilization`, rate: 'gauge', unit: 'kB', desc: 'Used part of survivor space 1.' },
  EC: { metric: `${PREFIX}current_eden_space_capacity`, rate: 'gauge', unit: 'kB', desc: 'Capacity of the eden space.' },
  EU: { metric: `${PREFIX}eden_space_utilization`, rate: 'gauge', unit: 'kB', desc: 'Used part of the eden space.' },
  OC: { metric: `${PREFIX}current_old_space_capacity`, rate: 'gauge', unit: 'kB', desc: 'Capacity of the old generation.' },
  OU: { metric: `${PREFIX}old_space_utilization`, rate: 'gauge', unit: 'kB', desc: 'Used part of the old generation.' },
  PC: { metric: `${PREFIX}current_permanent_space_capacity`, rate: 'gauge', unit: 'kB', desc: 'Capacity of the permanent generation (JDK 7 and older).' },
  PU: { metric: `${PREFIX}permanent_space_utilization`, rate: 'gauge', unit: 'kB', desc: 'Used part of the permanent generation (JDK 7 and older).' },
  MC: { metric: `${PREFIX}metaspace_capacity`, rate: 'gauge', unit: 'kB', desc: 'Committed metaspace (JDK 8 and newer).' },
  MU: { metric: `${PREFIX}metaspace_utilization`, rate: 'gauge', unit: 'kB', desc: 'Used metaspace (JDK 8 and newer).' },
  CCSC: { metric: `${PREFIX}compressed_class_space_capacity`, rate: 'gauge', unit: 'kB', desc: 'Committed compressed class space.' },
  CCSU: { metric: `${PREFIX}compressed_class_space_used`, rate: 'gauge', unit: 'kB', desc: 'Used compressed class space.' },
  YGC: { metric: `${PREFIX}young_generation_gc_events`, rate: 'counter', unit: 'Event', desc: 'Young generation collections since the JVM started.' },
  YGCT: { metric: `${PREFIX}young_generation_gc_time`, rate: 'counter', unit: 's', desc: 'Time spent in young generation collections.' },
  FGC: { metric: `${PREFIX}full_gc_events`, rate: 'counter', unit: 'Event', desc: 'Full (stop-the-world old generation) collections since the JVM started.' },
  FGCT: { metric: `${PREFIX}full_gc_time`, rate: 'counter', unit: 's', desc: 'Time spent in full collections.' },
  // JDK 9+ prints these for concurrent collectors (G1, ZGC, Shenandoah); rs-collector ignored them.
  CGC: { metric: `${PREFIX}concurrent_gc_events`, rate: 'counter', unit: 'Event', desc: 'Concurrent collection cycles (JDK 9 and newer, concurrent collectors only).' },
  CGCT: { metric: `${PREFIX}concurrent_gc_time`, rate: 'counter', unit: 's', desc: 'Time spent in concurrent collection pauses (JDK 9 and newer).' },
  GCT: { metric: `${PREFIX}total_gc_time`, rate: 'counter', unit: 's', desc: 'Time spent in all garbage collections.' },
};

export const METRICS: MetricTable = Object.values(COLUMNS).map((meta) => ({ ...meta, tags: TAGS }));

/** One line of `jps -vl`. */
export interface JpsEntry {
  pid: number;
  /** Main class or jar path as jps prints it. */
  mainClass: string;
  /** Everything after the pid: main class and JVM arguments. */
  commandLine: string;
}

export interface Parsed<T> {
  value: T;
  /** Lines or fields that could not be read. */
  skipped: number;
}

/** jps lists itself, and JVMs it cannot attach to with a placeholder instead of a main class. */
const NOT_A_TARGET = /^(?:\S*sun\.tools\.jps\.Jps|--)$/;

/** Parses `jps -vl` output; lines without a numeric pid are skipped and counted. */
export function parseJps(text: string): Parsed<JpsEntry[]> {
  const entries: JpsEntry[] = [];
  let skipped = 0;
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const match = /^\s*(\d+)\s+(\S+)(.*)$/.exec(line);
    const pid = match === null ? NaN : Number(match[1]);
    if (match === null || !Number.isSafeInteger(pid) || pid <= 0) {
      skipped += 1;
      continue;
    }
    const mainClass = match[2] ?? '';
    if (NOT_A_TARGET.test(mainClass)) continue;
    entries.push({ pid, mainClass, commandLine: `${mainClass}${match[3] ?? ''}`.trim() });
  }
  return { value: entries, skipped };
}

/**
 * Parses `jstat -gc` output (a header line and a value line) into column → value. Columns the JDK does not fill
 * (`-`) are absent; other values that are not numbers are skipped and counted.
 */
export function parseJstat(text: string): Parsed<Map<string, number>> {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const values = new Map<string, number>();
  const [header, row] = lines;
  if (header === undefined || row === undefined) return { value: values, skipped: 1 };
  const names = header.trim().split(/\s+/);
  const cells = row.trim().split(/\s+/);
  let skipped = names.length === cells.length ? 0 : 1;
  names.forEach((name, index) => {
    const cell = cells[index];
    if (cell === undefined || cell === '-') return;
    const value = Number(cell);
    if (cell === '' || !Number.isFinite(value)) skipped += 1;
    else values.set(name, value);
  });
  return { value: values, skipped };
}

/** Turns one JVM's jstat columns into datapoints; columns rs-collector had no name for are left out. */
export function jstatToData(columns: ReadonlyMap<string, number>, tags: Record<string, string>, timestamp = nowSeconds()): Datum[] {
  const data: Datum[] = [];
  for (const [column, value] of columns) {
    const meta = COLUMNS[column];
    if (meta !== undefined) data.push(datum(meta.metric, value, tags, timestamp));
  }
  return data;
}

/** Runs a command without a shell; unsubscribing kills it, and so does `timeoutMs`. */
function run(file: string, args: readonly string[], timeoutMs: number): Observable<string> {
  return fromAbortable((signal) => runCommand(file, args, signal, { timeoutMs, maxBuffer: 4 << 20 }));
}

export function createJvmSource(options: JvmOptions, context: Partial<SourceContext> = {}): Source {
  const { skip } = sourceContext(context);
  const settings = { ...JVM_DEFAULTS, ...options };
  // An invalid pattern throws here, at creation, rather than silently matching nothing (rs-collector's behaviour).
  // Flags g/y are dropped: they make `test` remember its position between JVMs.
  const pattern = typeof options.command === 'string'
    ? new RegExp(options.command)
    : new RegExp(options.command.source, options.command.flags.replace(/[gy]/g, ''));
  const jvmName = cleanName(options.name);
  if (jvmName === '') throw new Error(`jvm: name ${JSON.stringify(options.name)} has no character a tag value may hold`);
  const count = (n: number, what: string, detail: object): void => skip(n, `jvm: skipped unreadable ${what}`, detail);

  const readOne = (entry: JpsEntry, tagPid: boolean): Observable<Datum[]> =>
    run(settings.jstatCommand, ['-gc', String(entry.pid)], settings.commandTimeoutMs).pipe(
      map((text) => {
        const parsed = parseJstat(text);
        count(parsed.skipped, 'jstat fields', { pid: entry.pid });
        const tags: Record<string, string> = { jvm_name: jvmName };
        if (tagPid) tags.pid = String(entry.pid);
        return jstatToData(parsed.value, tags);
      }),
      // The JVM may have exited since jps saw it: that one is skipped, the others still count.
      catchError((error: unknown) => {
        count(1, 'jvm', { pid: entry.pid, error: (error as Error).message });
        return of([]);
      }),
    );

  return {
    name: `jvm.${jvmName}`,
    metadata: METRICS,
    collect: () =>
      run(settings.jpsCommand, ['-vl'], settings.commandTimeoutMs).pipe(
        mergeMap((text) => {
          const parsed = parseJps(text);
          count(parsed.skipped, 'jps lines', {});
          const matches = parsed.value.filter((entry) => pattern.test(entry.mainClass) || pattern.test(entry.commandLine));
          if (matches.length === 0) return of([]);
          const tagPid = matches.length > 1;
          return from(matches).pipe(
            mergeMap((entry) => readOne(entry, tagPid), settings.jstatConcurrency),
            reduce((all, data) => all.concat(data), [] as Datum[]),
          );
        }),
      ),
  };
}
