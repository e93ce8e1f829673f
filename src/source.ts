/**
 * The contract every collector keeps. A source does one reading per `collect()` subscription; *when* to read, how long
 * to wait and when to give up are the operators' business (src/operators), never the source's.
 */
import type { Observable } from 'rxjs';
import type { Datum, MetricMeta } from './datum.js';
import type { Logger } from './log.js';

export { silentLogger, type Logger } from './log.js';

/** What the pipeline (or a library user) hands to a source factory besides the source's own configuration. */
export interface SourceContext {
  log?: Logger;
}

export interface Source {
  /** The collector's name; the pipeline tags its own per-source metrics with it (`collector=<name>`). */
  readonly name: string;
  /**
   * Metadata for every metric the source may send. May grow at run time (a new wsrep variable, say); the sink compares
   * it after each reading and re-sends when it changed.
   */
  readonly metadata: readonly MetricMeta[];
  /**
   * One reading: emits the datapoints (usually once) and completes. Unsubscribing must abort whatever is in flight
   * (query, socket, HTTP request, child process). Errors mean "this reading failed"; the operators decide what next.
   */
  collect(): Observable<Datum[]>;
  /** Fields or records skipped because they could not be read, since start. Never decreases. */
  readonly skipped?: number;
  /** Releases connections and child processes for good. */
  close?(): Promise<void>;
}

/** One row of a source's metric table: the metadata and, where the tag set is fixed, its tag keys. */
export type MetricTable = readonly MetricMeta[];
