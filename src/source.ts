/**
 * The contract every collector keeps. A source does one reading per `collect()` subscription; *when* to read, how long
 * to wait and when to give up are the operators' business (src/operators), never the source's.
 */
import type { Observable } from './rx.js';
import type { Datum, MetricMeta } from './datum.js';
import { silentLogger, type Logger } from './log.js';

export { silentLogger, type Logger } from './log.js';

/**
 * What the pipeline hands to a source factory besides the source's own configuration: a logger bound to the
 * collector's name, and where to report what a reading could not read. A library user may pass any part of it.
 */
export interface SourceContext {
  readonly log: Logger;
  /**
   * Reports `count` fields or records of a reading that could not be read and were left out: the pipeline counts them
   * (`rx-collector.collector.skipped_fields`) and logs `why` at debug.
   */
  readonly skip: (count: number, why: string, detail?: object) => void;
}

/** The full context from what a caller gave: a silent logger by default, and skips logged at debug. */
export function sourceContext(given: Partial<SourceContext> = {}): SourceContext {
  const log = given.log ?? silentLogger;
  return {
    log,
    skip: given.skip ?? ((count, why, detail) => {
      if (count > 0) log.debug({ ...detail, skipped: count }, why);
    }),
  };
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
  /** Releases connections and child processes for good. */
  close?(): Promise<void>;
}

/** One row of a source's metric table: the metadata and, where the tag set is fixed, its tag keys. */
export type MetricTable = readonly MetricMeta[];

/** A source with its schedule: what the pipeline runs (the config loader makes these from the TOML tables). */
export interface PipelineSource {
  /** The `collector` tag of its own metrics; unique within a pipeline. */
  name: string;
  /**
   * Makes the source when the pipeline starts it, with a context bound to `name`: a logger whose lines carry
   * `collector`, and a `skip` that the pipeline counts. A ready source is passed as `create: () => source`.
   */
  create(context: SourceContext): Source;
  intervalMs: number;
  timeoutMs: number;
  /** The first reading comes at a random offset within this, so a fleet does not fire in step. */
  jitterMs: number;
  /** Tags of this source (the global tags and `host` win over them). */
  tags?: Readonly<Record<string, string>>;
  /** What identifies its configuration: on `update`, a source whose key is unchanged keeps running. */
  key?: string;
}

/** What a pure parser returns: the values it read, and how many fields or lines it could not read (to `skip`). */
export interface Parsed<T> {
  value: T;
  skipped: number;
}
