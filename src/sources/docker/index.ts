/**
 * Docker: the Engine API over its unix socket (or TCP, or TLS), through undici — no Docker SDK. Per reading: `/info`
 * and `/containers/json?all=1` for the engine (containers by state, images), then for each running or paused
 * container its `/json` (restarts, health, uptime) and one `/stats?stream=false` sample (CPU, memory, network, block
 * I/O, PIDs), a few containers at a time. Works with Docker and with podman's Docker-compatible service.
 */
import type { Observable } from '../../rx.js';
import { fromAbortable } from '../abortable.js';
import { nowSeconds, type Datum, type MetricMeta } from '../../datum.js';
import { sourceContext, type Source, type SourceContext } from '../../source.js';
import { connectEngine, EngineAnswerError, parseEndpoint, type Engine, type EngineEndpoint, type EngineTlsFiles } from './engine.js';
import { METRICS } from './metrics.js';
import { containerTags, parseContainerList, parseInfo, parseInspect, parseStats, stateCounts, type ContainerSummary, type Parsed } from './parse.js';
import { DOCKER_DEFAULTS } from './defaults.js';

export { DOCKER_DEFAULTS } from './defaults.js';

export { METRICS, HEALTH_VALUES, CONTAINER_STATES } from './metrics.js';
export * from './parse.js';
export { parseEndpoint, type EngineEndpoint, type EngineTlsFiles } from './engine.js';

export interface DockerOptions extends EngineTlsFiles {
  /** Where the engine listens: `unix:///path`, `tcp://host:port`, `http://host:port` or `https://host:port`. */
  endpoint: string;
  /** Only containers whose name matches one of these get per-container metrics; empty: every container. */
  include: readonly RegExp[];
  /** Containers whose name matches one of these get no per-container metrics (applied after `include`). */
  exclude: readonly RegExp[];
  /** Container labels sent as tags (the label's name is the tag key); none by default: cardinality is the user's call. */
  labels: readonly string[];
  /** Read each container's inspect and stats; false sends only the engine-wide counts. */
  perContainer: boolean;
  /** Containers read at the same time (two requests each). */
  concurrency: number;
}

/** Container states whose cgroups exist, so the engine can give their stats. */
const LIVE_STATES = new Set(['running', 'paused']);

export function createDockerSource(options: Partial<DockerOptions> = {}, context: Partial<SourceContext> = {}): Source {
  return new DockerSource({ ...DOCKER_DEFAULTS, ...options }, sourceContext(context));
}

class DockerSource implements Source {
  readonly name = 'docker';
  readonly metadata: readonly MetricMeta[] = METRICS;
  private readonly endpoint: EngineEndpoint;
  private engine: Promise<Engine> | undefined;

  constructor(private readonly options: DockerOptions, private readonly context: SourceContext) {
    this.endpoint = parseEndpoint(options.endpoint);
    if (!Number.isSafeInteger(options.concurrency) || options.concurrency < 1) throw new Error(`docker: concurrency must be 1 or more, got ${options.concurrency}`);
  }

  collect(): Observable<Datum[]> {
    return fromAbortable(async (signal) => {
      try {
        return await this.read(signal);
      } catch (error) {
        // Failed or cancelled: drop every socket (an aborted request's too), the next reading connects afresh.
        this.discard();
        if (signal.aborted) throw error;
        throw new Error(`docker: ${this.options.endpoint}: ${(error as Error).message}`, { cause: error });
      }
    });
  }

  async close(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    if (engine !== undefined) await (await engine.catch(() => undefined))?.destroy();
  }

  private connect(): Promise<Engine> {
    this.engine ??= connectEngine(this.endpoint, this.options, this.options.concurrency * 2);
    return this.engine;
  }

  private discard(): void {
    const engine = this.engine;
    this.engine = undefined;
    engine?.then((connected) => connected.destroy()).catch(() => undefined);
  }

  private async read(signal: AbortSignal): Promise<Datum[]> {
    const engine = await this.connect();
    signal.throwIfAborted();
    const timestamp = nowSeconds();
    const [info, list] = await Promise.all([engine.get('/info', signal), engine.get('/containers/json?all=1', signal)]);
    const { containers, skipped } = parseContainerList(list);
    this.skip(skipped, 'containers/json');
    const points = [...stateCounts(containers, timestamp), ...this.accept(parseInfo(info, timestamp), 'info')];
    if (!this.options.perContainer) return points;
    const live = containers.filter((container) => LIVE_STATES.has(container.state) && this.wanted(container.name));
    await eachLimited(live, this.options.concurrency, signal, async (container) => {
      points.push(...await this.readContainer(engine, container, timestamp, signal));
    });
    return points;
  }

  private wanted(name: string): boolean {
    const { include, exclude } = this.options;
    if (include.length > 0 && !include.some((pattern) => pattern.test(name))) return false;
    return !exclude.some((pattern) => pattern.test(name));
  }

  /**
   * Inspect and stats of one container. An error answer (the container went away since the list, say) skips that
   * part and counts it; a network error fails the reading.
   */
  private async readContainer(engine: Engine, container: ContainerSummary, timestamp: number, signal: AbortSignal): Promise<Datum[]> {
    const id = encodeURIComponent(container.id);
    const [inspect, stats] = await Promise.allSettled([
      engine.get(`/containers/${id}/json`, signal),
      engine.get(`/containers/${id}/stats?stream=false&one-shot=true`, signal),
    ]);
    for (const answer of [inspect, stats]) {
      if (answer.status === 'rejected' && !(answer.reason instanceof EngineAnswerError)) throw answer.reason;
    }
    const tags = containerTags(container, this.options.labels);
    const where = `container ${container.name}`;
    const points: Datum[] = [];
    if (inspect.status === 'fulfilled') points.push(...this.accept(parseInspect(inspect.value, tags, timestamp, Date.now()), where));
    else this.skip([(inspect.reason as Error).message], where);
    if (stats.status === 'fulfilled') points.push(...this.accept(parseStats(stats.value, tags, timestamp), where));
    else this.skip([(stats.reason as Error).message], where);
    return points;
  }

  private accept(parsed: Parsed, where: string): Datum[] {
    this.skip(parsed.skipped, where);
    return parsed.points;
  }

  private skip(fields: readonly string[], where: string): void {
    if (fields.length > 0) this.context.skip(fields.length, 'docker: values skipped (missing, not numbers or error answers)', { where, fields });
  }
}

/** Runs `work` on every item, at most `limit` at a time; stops taking items once one failed or the signal aborted. */
async function eachLimited<T>(items: readonly T[], limit: number, signal: AbortSignal, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && !signal.aborted && next < items.length) {
      const item = items[next];
      next += 1;
      try {
        await work(item);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  signal.throwIfAborted();
}
