/**
 * The agent: a loaded configuration turned into a running pipeline (sources, internal source, sink), and what a
 * reload changes. cli.ts adds arguments, signals and logging around it.
 */
import type { AgentConfig } from './config/index.js';
import { ConfigError } from './table.js';
import type { Datum } from './datum.js';
import { startPipeline, type Pipeline, type PipelineSource } from './pipeline.js';
import type { Sink } from './sinks/sink.js';
import { openSpool, type Spool } from './spool/spool.js';
import { createStdoutSink } from './sinks/stdout.js';
import { createInternalSource, type AgentStats } from './sources/internal/index.js';
import { SinkTelemetry } from './telemetry.js';
import type { Logger } from './log.js';
import { VERSION } from './version.js';

export interface AgentOptions {
  log: Logger;
  /**
   * Print datapoints to stdout whatever the configured sink (`--print`). Every collector then reads at once: the start
   * jitter spreads a fleet's load on its receiver, and a person watching a terminal has none.
   */
  print?: boolean;
  /** Read every source once, flush and finish (`--once`). */
  once?: boolean;
  /** Run the internal source (the agent's own metrics); default true. `--collector` leaves it out unless named. */
  internal?: boolean;
}

export interface Agent {
  readonly pipeline: Pipeline;
  /** Applies a new configuration: restarts only changed sources, swaps the sink only if its settings changed. */
  reload(config: AgentConfig): Promise<void>;
  /**
   * Stops polling, delivers what it can within `timeoutMs`; returns the points that are neither delivered nor in the
   * spool (`lost`, to be logged) and how many wait in the spool for the next start. With a spool, everything
   * undelivered is already on disk.
   */
  stop(timeoutMs: number): Promise<{ lost: readonly Datum[]; spooled: number }>;
  /** The agent's own counters, spool included (what the internal source and the status endpoint report). */
  stats(): AgentStats;
}

/**
 * Batches the memory window of the spool keeps decoded, per BatchSize: enough that a receiver keeping up is fed from
 * memory, small enough that an outage never grows memory (the rest is read back from disk in turn).
 */
const SPOOL_CACHE_BATCHES = 4;

/** How long shutdown tries to deliver when everything undelivered is on disk anyway. */
const SPOOLED_FLUSH_MS = 3_000;

/** Opens the write-ahead spool; what the config check could not foresee (a race, a full disk) is still SpoolDir's. */
function openConfiguredSpool(config: AgentConfig, spool: NonNullable<AgentConfig['spool']>, log: Logger,
  telemetry: SinkTelemetry): Spool {
  try {
    return openSpool({ dir: spool.dir, maxBytes: spool.maxBytes, sync: spool.sync, syncIntervalMs: spool.syncIntervalMs,
      cachePoints: SPOOL_CACHE_BATCHES * config.batchSize, log, events: telemetry });
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new ConfigError('SpoolDir', `cannot be opened (${reason})`);
  }
}

/** The configured receiver; the HTTP sinks are loaded only when one is configured. */
export async function createSink(config: AgentConfig, options: AgentOptions, telemetry: SinkTelemetry,
  spool?: Spool): Promise<Sink> {
  const { sink } = config;
  if (options.print === true || sink.kind === 'stdout' || sink.url === undefined) return createStdoutSink({ telemetry });
  const common = {
    url: sink.url,
    accessToken: sink.accessToken,
    gzip: sink.gzip,
    tls: sink.tls,
    requestTimeoutMs: config.requestTimeoutMs,
    maxPointsPerSecond: sink.maxPointsPerSecond,
    maxQueuePoints: config.maxQueueLen,
    maxBatchPoints: config.batchSize,
    telemetry,
    spool,
  };
  if (sink.kind === 'bosun') return (await import('./sinks/bosun.js')).createBosunSink(common);
  return (await import('./sinks/opentsdb.js')).createOpenTsdbSink(common);
}

function sinkKey(config: AgentConfig, options: AgentOptions): string {
  return JSON.stringify([options.print === true, config.sink, config.maxQueueLen, config.batchSize, config.requestTimeoutMs]);
}

export async function startAgent(initial: AgentConfig, options: AgentOptions): Promise<Agent> {
  const { log } = options;
  let config = initial;
  let currentSinkKey = sinkKey(config, options);
  // One for the agent's life: a sink replaced on reload reports into the same counters.
  const sinkTelemetry = new SinkTelemetry(log);
  const spool = config.spool !== undefined && options.print !== true && config.sink.kind !== 'stdout'
    ? openConfiguredSpool(config, config.spool, log, sinkTelemetry)
    : undefined;
  if (spool !== undefined && spool.points > 0) {
    log.info({ points: spool.points, batches: spool.batches }, 'replaying spooled datapoints');
  }
  const stats = (): AgentStats => ({ ...pipeline.stats(), ...(spool !== undefined && { spoolBytes: spool.bytes }) });

  function sources(next: AgentConfig): PipelineSource[] {
    // With the collectors' own Freq and Jitter by default, it shares their clock: the agent wakes once for all of them.
    const jitterMs = options.print === true ? 0 : next.jitterMs;
    const internal: PipelineSource = {
      create: () => createInternalSource({ stats, version: VERSION, intervalMs: next.freqSeconds * 1000 }),
      name: 'internal',
      key: `${next.freqSeconds}/${jitterMs}`,
      intervalMs: next.freqSeconds * 1000,
      timeoutMs: next.freqSeconds * 1000,
      jitterMs,
    };
    const configured = options.print === true ? next.sources.map((source) => ({ ...source, jitterMs: 0 })) : next.sources;
    return options.internal === false ? [...configured] : [...configured, internal];
  }

  // `stats` (above) reads this pipeline; that is safe because readings never start synchronously inside startPipeline.
  const pipeline: Pipeline = startPipeline({
    hostname: config.hostname,
    tags: config.tags,
    sink: await createSink(config, options, sinkTelemetry, spool),
    batch: { maxDelayMs: config.flushIntervalMs, maxPoints: config.batchSize },
    breaker: config.breaker,
    retry: config.retry,
    dropMetrics: config.dropMetrics,
    once: options.once,
    log,
  }, sources(config));

  return {
    pipeline,
    async reload(next) {
      const nextSinkKey = sinkKey(next, options);
      if (nextSinkKey !== currentSinkKey) {
        await pipeline.replaceSink(await createSink(next, options, sinkTelemetry, spool));
        currentSinkKey = nextSinkKey;
      }
      config = next;
      pipeline.update(sources(next), { hostname: next.hostname, tags: next.tags, dropMetrics: next.dropMetrics });
    },
    async stop(timeoutMs) {
      // With the spool nothing waits in memory only: a receiver that is down need not hold shutdown up for long.
      const undelivered = await pipeline.stop(spool === undefined ? timeoutMs : Math.min(timeoutMs, SPOOLED_FLUSH_MS));
      if (spool === undefined) return { lost: undelivered, spooled: 0 };
      // Only a sink without the spool (--print) hands points back; the spool already holds everything else.
      if (undelivered.length > 0) spool.append(undelivered);
      const spooled = spool.points;
      if (spooled > 0) {
        log.info({ points: spooled, dir: config.spool?.dir }, 'undelivered datapoints spooled for the next start');
      }
      spool.close();
      return { lost: [], spooled };
    },
    stats,
  };
}
