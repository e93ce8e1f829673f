/**
 * The agent: a loaded configuration turned into a running pipeline (sources, internal source, sink), and what a
 * reload changes. cli.ts adds arguments, signals and logging around it.
 */
import type { AgentConfig } from './config/index.js';
import type { Datum } from './datum.js';
import { startPipeline, type Pipeline, type PipelineSource } from './pipeline.js';
import type { Sink } from './sinks/sink.js';
import { openSpool, type Spool } from './sinks/spool.js';
import { createStdoutSink } from './sinks/stdout.js';
import { createInternalSource, type AgentStats } from './sources/internal/index.js';
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
   * Stops polling, delivers what it can within `timeoutMs`, spools the rest when a spool is configured; returns the
   * points that are neither delivered nor spooled (`lost`, to be logged) and how many went to the spool.
   */
  stop(timeoutMs: number): Promise<{ lost: readonly Datum[]; spooled: number }>;
  /** The agent's own counters, spool included (what the internal source and the status endpoint report). */
  stats(): AgentStats;
}

/** How long one spooled batch may take to be delivered at start before replay waits for the next start. */
const REPLAY_FLUSH_MS = 30_000;

/**
 * Sends what the last run spooled, oldest first; each batch is acknowledged only once the sink delivered it, so a
 * crash during replay sends it again (at least once) but never loses it.
 */
async function replaySpool(spool: Spool, sink: () => Sink, stopping: () => boolean, log: Logger): Promise<void> {
  const total = spool.points;
  if (total === 0) return;
  log.info({ points: total }, 'replaying spooled datapoints');
  for (let batch = spool.peek(); batch !== undefined && !stopping(); batch = spool.peek()) {
    sink().write(batch);
    if (!(await sink().flush(REPLAY_FLUSH_MS))) {
      log.warn({ left: spool.points }, 'receiver not reachable: spooled datapoints stay for later');
      return;
    }
    spool.ack();
  }
}

/** The configured receiver; the HTTP sinks (and undici, ~20 MB) are loaded only when one is configured. */
export async function createSink(config: AgentConfig, options: AgentOptions): Promise<Sink> {
  const { sink } = config;
  if (options.print === true || sink.kind === 'stdout' || sink.url === undefined) return createStdoutSink();
  const common = {
    url: sink.url,
    accessToken: sink.accessToken,
    gzip: sink.gzip,
    tls: sink.tls,
    maxPointsPerSecond: sink.maxPointsPerSecond,
    maxQueuePoints: config.maxQueueLen,
    maxBatchPoints: config.batchSize,
    log: options.log,
  };
  if (sink.kind === 'bosun') return (await import('./sinks/bosun.js')).createBosunSink(common);
  return (await import('./sinks/opentsdb.js')).createOpenTsdbSink(common);
}

function sinkKey(config: AgentConfig, options: AgentOptions): string {
  return JSON.stringify([options.print === true, config.sink, config.maxQueueLen, config.batchSize]);
}

export async function startAgent(initial: AgentConfig, options: AgentOptions): Promise<Agent> {
  const { log } = options;
  let config = initial;
  let currentSinkKey = sinkKey(config, options);
  let stopping = false;
  const spool = config.spool !== undefined && options.print !== true && config.sink.kind !== 'stdout'
    ? openSpool({ dir: config.spool.dir, maxBytes: config.spool.maxBytes, log })
    : undefined;
  const stats = (): AgentStats => ({ ...pipeline.stats(), ...(spool !== undefined && { spoolBytes: spool.bytes }) });

  function sources(next: AgentConfig): PipelineSource[] {
    const internal: PipelineSource = {
      create: () => createInternalSource({ stats, version: VERSION, intervalMs: next.freqSeconds * 1000 }),
      name: 'internal',
      key: String(next.freqSeconds),
      intervalMs: next.freqSeconds * 1000,
      timeoutMs: next.freqSeconds * 1000,
      jitterMs: 0,
    };
    const configured = options.print === true ? next.sources.map((source) => ({ ...source, jitterMs: 0 })) : next.sources;
    return options.internal === false ? [...configured] : [...configured, internal];
  }

  // `stats` (above) reads this pipeline; that is safe because readings never start synchronously inside startPipeline.
  const pipeline: Pipeline = startPipeline({
    hostname: config.hostname,
    tags: config.tags,
    sink: await createSink(config, options),
    batch: { maxDelayMs: config.flushIntervalMs, maxPoints: config.batchSize },
    breaker: config.breaker,
    retry: config.retry,
    dropMetrics: config.dropMetrics,
    once: options.once,
    log,
  }, sources(config));
  if (spool !== undefined) {
    replaySpool(spool, () => pipeline.sink, () => stopping, log)
      .catch((error: unknown) => log.error({ err: (error as Error).message }, 'spool replay failed'));
  }

  return {
    pipeline,
    async reload(next) {
      const nextSinkKey = sinkKey(next, options);
      if (nextSinkKey !== currentSinkKey) {
        await pipeline.replaceSink(await createSink(next, options));
        currentSinkKey = nextSinkKey;
      }
      config = next;
      pipeline.update(sources(next), { hostname: next.hostname, tags: next.tags, dropMetrics: next.dropMetrics });
    },
    async stop(timeoutMs) {
      stopping = true;
      const undelivered = await pipeline.stop(timeoutMs);
      if (spool === undefined) return { lost: undelivered, spooled: 0 };
      if (undelivered.length > 0) {
        spool.append(undelivered);
        log.info({ points: undelivered.length, dir: config.spool?.dir }, 'undelivered datapoints spooled for the next start');
      }
      spool.close();
      return { lost: [], spooled: undelivered.length };
    },
    stats,
  };
}
