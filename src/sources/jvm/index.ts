/**
 * Garbage-collector statistics of running JVMs, as rs-collector's `[[Jvm]]` sent them: `jps -vl` lists the JVMs,
 * every one whose main class or command line matches the configured regex gets one `jstat -gc <pid>`, and each column
 * jstat prints becomes `jvm.gc.stats.<name>` with tag `jvm_name`. When several JVMs match one name in a reading, each
 * also gets a `pid` tag so their series stay apart (rs-collector mixed them into one). A JVM that an earlier table's
 * regex matches is that table's: each JVM is reported once, by the first `[[Jvm]]` that matches it, as in rs-collector.
 */
import { catchError, from, map, mergeMap, Observable, of, reduce } from '../../rx.js';
import { cleanName, datum, nowSeconds, type Datum } from '../../datum.js';
import { commandOutput } from '../abortable.js';
import { sourceContext, type Source, type SourceContext } from '../../source.js';
import { COLUMNS, METRICS } from './metrics.js';
import { type JpsEntry, parseJps, parseJstat } from './parse.js';
import { rustRegex } from './rustRegex.js';

export interface JvmOptions {
  /** Value of the `jvm_name` tag (rs-collector's `Name`). */
  name: string;
  /**
   * Matched against each JVM's main class and its whole `jps -vl` line (rs-collector's `Command`). A string is read as
   * a Rust regex, as rs-collector read it (rustRegex.ts: `(?i)…` and the rest).
   */
  command: string | RegExp;
  /**
   * The commands of the `[[Jvm]]` tables before this one: a JVM one of them matches is reported by that table, not by
   * this one (rs-collector identified each JVM by the first table that matched). Default: none.
   */
  claimedBy?: readonly (string | RegExp)[];
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

/** Turns one JVM's jstat columns into datapoints; columns rs-collector had no name for are left out. */
export function jstatToData(columns: ReadonlyMap<string, number>, tags: Record<string, string>, timestamp = nowSeconds()): Datum[] {
  const data: Datum[] = [];
  for (const [column, value] of columns) {
    const meta = COLUMNS[column];
    if (meta !== undefined) data.push(datum(meta.metric, value, tags, timestamp));
  }
  return data;
}

/** A configured command as a RegExp; flags g/y are dropped: they make `test` remember its position between JVMs. */
function compile(command: string | RegExp): RegExp {
  return typeof command === 'string' ? rustRegex(command) : new RegExp(command.source, command.flags.replace(/[gy]/g, ''));
}

/** rs-collector's match: the main class or the whole `jps -vl` line. */
export function matchesJvm(pattern: RegExp, entry: JpsEntry): boolean {
  return pattern.test(entry.mainClass) || pattern.test(entry.commandLine);
}

export function createJvmSource(options: JvmOptions, context: Partial<SourceContext> = {}): Source {
  const { skip } = sourceContext(context);
  const settings = { ...JVM_DEFAULTS, ...options };
  // An invalid pattern throws here, at creation, rather than silently matching nothing (rs-collector's behaviour).
  const pattern = compile(options.command);
  const claimed = (options.claimedBy ?? []).map(compile);
  const jvmName = cleanName(options.name);
  if (jvmName === '') throw new Error(`jvm: name ${JSON.stringify(options.name)} has no character a tag value may hold`);
  const count = (n: number, what: string, detail: object): void => skip(n, `jvm: skipped unreadable ${what}`, detail);

  const readOne = (entry: JpsEntry, tagPid: boolean): Observable<Datum[]> =>
    commandOutput(settings.jstatCommand, ['-gc', String(entry.pid)], { timeoutMs: settings.commandTimeoutMs, maxBuffer: 4 << 20 }).pipe(
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
      commandOutput(settings.jpsCommand, ['-vl'], { timeoutMs: settings.commandTimeoutMs, maxBuffer: 4 << 20 }).pipe(
        mergeMap((text) => {
          const parsed = parseJps(text);
          count(parsed.skipped, 'jps lines', {});
          const matches = parsed.value.filter((entry) => matchesJvm(pattern, entry) && !claimed.some((earlier) => matchesJvm(earlier, entry)));
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

export { METRICS } from './metrics.js';

export { type JpsEntry, parseJps, parseJstat } from './parse.js';

export { rustRegex, RustRegexError } from './rustRegex.js';
