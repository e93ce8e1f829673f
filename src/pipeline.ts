/**
 * sources → operators → sink. Each source is polled on its own interval, each reading guarded by a timeout, retried
 * with backoff and passed through its circuit breaker; its points are tagged, filtered by DropMetrics and validated
 * in one step, then all sources meet in one stream that is batched and written to the sink. Sources of the same
 * interval and jitter started together poll on one shared clock (operators/clock.ts): one wake-up reads them all.
 *
 *   source.collect ─ timeoutEach ─ retryBackoff ─ circuitBreaker ─ poll ─ validate (tags, drop) ─┐
 *   source.collect ─ …                                                                           ├─ batch ─ sink
 *   internal.collect ─ …                                                                         ┘
 */
import {
  asyncScheduler, catchError, defer, EMPTY, map, mergeAll, Subject, subscribeOn, takeUntil, tap,
  type MonoTypeOperatorFunction, type Observable, type SchedulerLike,
} from './rx.js';
import type { Datum, MetricMeta } from './datum.js';
import { batch } from './operators/batch.js';
import { circuitBreaker, SourceRemovedError, type CircuitBreakerConfig } from './operators/circuitBreaker.js';
import { createClocks, type Clocks } from './operators/clock.js';
import { poll } from './operators/poll.js';
import { retryBackoff, type RetryBackoffConfig } from './operators/retryBackoff.js';
import { timeoutEach } from './operators/timeoutEach.js';
import { validate } from './operators/validate.js';
import type { Sink } from './sinks/sink.js';
import type { AgentStats } from './stats.js';
import { bindLogger, silentLogger, type Logger } from './log.js';
import type { PipelineSource, Source, SourceContext } from './source.js';

export type { PipelineSource } from './source.js';
import { errorText, Telemetry } from './telemetry.js';

/** What applies to every point of every source; a change restarts all sources (their streams carry these). */
export interface PipelineGlobals {
  hostname: string;
  /** Global tags; they win over source tags, as in rs-collector. */
  tags?: Readonly<Record<string, string>>;
  /** Metric names never sent (DropMetrics); a trailing `*` matches a prefix. */
  dropMetrics?: readonly string[];
}

export interface PipelineOptions extends PipelineGlobals {
  sink: Sink;
  batch: { maxDelayMs: number; maxPoints: number };
  breaker: CircuitBreakerConfig;
  retry: RetryBackoffConfig;
  /** Read every source once instead of polling; `done` resolves when all of them were read and written. */
  once?: boolean;
  log?: Logger;
  scheduler?: SchedulerLike;
  /**
   * Where in its Jitter every source's first reading comes, in [0, 1): one offset for the agent, so sources of the same
   * Freq and Jitter share one clock (operators/clock.ts). Default: at random.
   */
  phase?: number;
}

export interface Pipeline {
  /** Resolves when the stream has ended: after `stop()`, or in `once` mode when every source was read. */
  readonly done: Promise<void>;
  /**
   * Starts new sources, stops removed ones, keeps those whose `key` is unchanged (SIGHUP). New `globals` that differ
   * from the running ones restart every source, since each source's stream applies them.
   */
  update(sources: readonly PipelineSource[], globals?: PipelineGlobals): void;
  /** The receiver now (it changes on `replaceSink`). */
  readonly sink: Sink;
  /** Swaps the receiver; points still queued in the old sink move to the new one. */
  replaceSink(sink: Sink): Promise<void>;
  stats(): AgentStats;
  /** Stops polling, writes what is buffered, waits up to `timeoutMs` for delivery; returns what was not delivered. */
  stop(timeoutMs: number): Promise<readonly Datum[]>;
}

interface Running {
  entry: PipelineSource;
  source: Source;
  stop$: Subject<void>;
}

export function startPipeline(options: PipelineOptions, sources: readonly PipelineSource[]): Pipeline {
  const scheduler = options.scheduler ?? asyncScheduler;
  const log = options.log ?? silentLogger;
  const telemetry = new Telemetry(log, () => scheduler.now());
  const running = new Map<string, Running>();
  const added$ = new Subject<Observable<Datum[]>>();
  const stop$ = new Subject<void>();
  let globals = globalsKey(options);
  let globalTags = { ...options.tags, host: options.hostname };
  let isDropped = dropMetricsMatcher(options.dropMetrics ?? []);
  let sink = options.sink;
  let metadataSize = -1;
  const phase = options.phase ?? Math.random();
  /** The clocks of the sources started together (at start, or by one update). */
  let clocks: Clocks = createClocks(scheduler, phase);
  /** Each collector's first reading leaves at once (batch's sendAtOnce): one that starts is seen without waiting. */
  const firstReadings = new WeakSet<Datum[]>();

  /** Metadata only grows, so its size tells whether the sink must hear about it again; built only then. */
  function refreshMetadata(): void {
    let size = 0;
    for (const { source } of running.values()) size += source.metadata.length;
    if (size === metadataSize) return;
    metadataSize = size;
    sink.writeMetadata([...running.values()].flatMap(({ source }): readonly MetricMeta[] => source.metadata));
  }

  function reading(entry: PipelineSource, source: Source, breaker: MonoTypeOperatorFunction<Datum[]>): Observable<Datum[]> {
    // The operators are built once per source; an attempt only starts the clock and subscribes a fresh reading.
    let startedAt = 0;
    const timed = timeoutEach<Datum[]>(entry.timeoutMs, scheduler);
    const observed = tap<Datum[]>({
      next: (points) => telemetry.readingProduced(entry.name, points.length),
      complete: () => telemetry.readingSucceeded(entry.name, scheduler.now() - startedAt),
      error: (error: unknown) => telemetry.readingFailed(entry.name, scheduler.now() - startedAt, error),
    });
    const attempt = defer(() => {
      startedAt = scheduler.now();
      telemetry.readingStarted(entry.name);
      return observed(timed(source.collect()));
    });
    return attempt.pipe(retryBackoff<Datum[]>(options.retry, scheduler), breaker);
  }

  function readings(entry: PipelineSource, source: Source): Observable<Datum[]> {
    const breaker = circuitBreaker<Datum[]>({
      ...options.breaker,
      onStateChange: (change) => telemetry.breakerChanged(entry.name, change),
    }, scheduler);
    // Built once and subscribed at every tick: each subscription starts a fresh attempt (defer), so no tick builds a chain.
    const oneReading = reading(entry, source, breaker);
    const polled = options.once
      ? oneReading.pipe(subscribeOn(scheduler))
      : poll(() => oneReading, {
        intervalMs: entry.intervalMs,
        ticks: clocks(entry.intervalMs, entry.jitterMs),
        onSkip: () => telemetry.tickSkipped(entry.name),
      }, scheduler);
    return polled.pipe(
      tap(() => refreshMetadata()),
      catchError((error: unknown) => {
        // The breaker swallows ordinary failures; what reaches here ends this source only, never the others.
        if (!(error instanceof SourceRemovedError)) log.error({ collector: entry.name, err: errorText(error) }, 'collector stopped');
        return EMPTY;
      }),
      // One step per source: source and global tags composed once, DropMetrics and OpenTSDB's rules checked once per
      // series (validate's cache), one new object per point.
      validate({
        tags: { ...entry.tags, ...globalTags },
        exclude: isDropped,
        onReject: (point, reason) => telemetry.discarded(reason, point.metric),
      }),
      map((points, index) => {
        if (index === 0) firstReadings.add(points);
        return points;
      }),
    );
  }

  function contextFor(name: string): SourceContext {
    const bound = bindLogger(log, { collector: name });
    return {
      log: bound,
      skip: (count, why, detail) => {
        if (count <= 0) return;
        telemetry.fieldsSkipped(name, count);
        bound.debug({ ...detail, skipped: count }, why);
      },
    };
  }

  function start(entry: PipelineSource): void {
    const stopThis$ = new Subject<void>();
    telemetry.collectorStarted(entry.name);
    const source = entry.create(contextFor(entry.name));
    running.set(entry.name, { entry, source, stop$: stopThis$ });
    added$.next(readings(entry, source).pipe(takeUntil(stopThis$)));
  }

  function remove(name: string): void {
    const found = running.get(name);
    if (found === undefined) return;
    running.delete(name);
    found.stop$.next();
    telemetry.collectorStopped(name);
    closeSource(found.source, log);
  }

  const done = new Promise<void>((resolve) => {
    const batched = batch({ ...options.batch, sendAtOnce: (points) => firstReadings.has(points) }, scheduler);
    added$.pipe(mergeAll(), takeUntil(stop$), batched).subscribe({
      next: (points) => sink.write(points),
      error: (error: unknown) => {
        log.error({ err: errorText(error) }, 'pipeline failed');
        resolve();
      },
      complete: () => resolve(),
    });
  });

  for (const entry of sources) start(entry);
  refreshMetadata();
  if (options.once) added$.complete();

  return {
    done,
    get sink() {
      return sink;
    },
    update(next, nextGlobals) {
      if (nextGlobals !== undefined && globalsKey(nextGlobals) !== globals) {
        globals = globalsKey(nextGlobals);
        globalTags = { ...nextGlobals.tags, host: nextGlobals.hostname };
        isDropped = dropMetricsMatcher(nextGlobals.dropMetrics ?? []);
        for (const name of [...running.keys()]) remove(name);
      }
      const wanted = new Map(next.map((entry) => [entry.name, entry]));
      for (const [name, { entry }] of running) {
        const replacement = wanted.get(name);
        // unchanged: the running instance stays
        if (replacement === undefined || replacement.key === undefined || replacement.key !== entry.key) remove(name);
      }
      clocks = createClocks(scheduler, phase);
      for (const entry of next) if (!running.has(entry.name)) start(entry);
      metadataSize = -1;
      refreshMetadata();
    },
    async replaceSink(next) {
      const old = sink;
      sink = next;
      metadataSize = -1;
      refreshMetadata();
      next.write(await old.close());
    },
    stats: () => telemetry.snapshot(sink.stats()),
    async stop(timeoutMs) {
      stop$.next();
      added$.complete();
      await done;
      for (const name of [...running.keys()]) remove(name);
      await sink.flush(timeoutMs);
      return sink.close();
    },
  };
}

function closeSource(source: Source, log: Logger): void {
  source.close?.().catch((error: unknown) => log.warn({ collector: source.name, err: errorText(error) }, 'close failed'));
}

function globalsKey({ hostname, tags, dropMetrics }: PipelineGlobals): string {
  return JSON.stringify([hostname, tags ?? {}, dropMetrics ?? []]);
}

/** DropMetrics entries: exact metric names, or prefixes written with a trailing `*`. */
export function dropMetricsMatcher(patterns: readonly string[]): (metric: string) => boolean {
  const exact = new Set(patterns.filter((pattern) => !pattern.endsWith('*')));
  const prefixes = patterns.filter((pattern) => pattern.endsWith('*')).map((pattern) => pattern.slice(0, -1));
  if (exact.size === 0 && prefixes.length === 0) return () => false;
  return (metric) => exact.has(metric) || prefixes.some((prefix) => metric.startsWith(prefix));
}
