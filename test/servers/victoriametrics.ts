/**
 * A real OpenTSDB-compatible receiver: VictoriaMetrics (Debian `victoria-metrics`) with its OpenTSDB HTTP listener.
 * Started once per test run; tests reset it and read back what arrived.
 */
import { request } from 'undici';
import { freePort, freshDir, hasCommand, shared, spawnDaemon, unavailable, waitFor, type Server } from './harness.js';

const BINARY = '/usr/bin/victoria-metrics';

/** One exported series as `/api/v1/export` gives it. */
export interface ExportedSeries {
  metric: Record<string, string>;
  values: number[];
  /** Milliseconds. */
  timestamps: number[];
}

export interface VictoriaMetrics extends Server {
  /** Base URL of the OpenTSDB HTTP listener, e.g. http://127.0.0.1:4242 (takes `/api/put`). */
  readonly opentsdbUrl: string;
  /** Base URL of the query API. */
  readonly httpUrl: string;
  /** Deletes every series (between tests). */
  reset(): Promise<void>;
  /** Forces a flush, then returns every series of `metric` (exact name). */
  series(metric: string): Promise<ExportedSeries[]>;
  /** Sends the server a signal (SIGSTOP/SIGCONT freeze and thaw it: a node that hangs, then comes back). */
  signal(signal: NodeJS.Signals): void;
  /** Every series whose name matches the regex `pattern`. */
  seriesMatching(pattern: string): Promise<ExportedSeries[]>;
}

export const victoriaMetricsAvailable = (): boolean => hasCommand(BINARY);

export function victoriaMetrics(): Promise<VictoriaMetrics> {
  return shared('victoria-metrics', start);
}

/**
 * For a suite's `before` hook: the shared VictoriaMetrics, emptied of earlier suites' series. When it is not installed
 * the suite fails under CI=true and is skipped elsewhere (see `unavailable`).
 */
export async function freshVictoriaMetrics(ctx: Mocha.Context): Promise<VictoriaMetrics> {
  if (!victoriaMetricsAvailable()) unavailable(ctx, 'victoria-metrics is not installed (test/servers/install.sh)');
  const vm = await victoriaMetrics();
  await vm.reset();
  return vm;
}

/** Where a node keeps its data and listens: the same again after a stop brings the node back with its data. */
export interface VictoriaMetricsPlace {
  name: string;
  dir: string;
  httpPort: number;
  tsdbPort: number;
}

export async function victoriaMetricsPlace(name: string): Promise<VictoriaMetricsPlace> {
  return { name, dir: freshDir(name), httpPort: await freePort(), tsdbPort: await freePort() };
}

function start(): Promise<VictoriaMetrics> {
  return victoriaMetricsPlace('victoria-metrics').then(startVictoriaMetrics);
}

/** A node of its own (not the shared one), e.g. one of an HA pair behind vmagent; the caller stops it. */
export async function startVictoriaMetrics(place: VictoriaMetricsPlace): Promise<VictoriaMetrics> {
  const { dir, httpPort, tsdbPort } = place;
  const daemon = spawnDaemon(place.name, BINARY, [
    `-storageDataPath=${dir}`,
    `-httpListenAddr=127.0.0.1:${httpPort}`,
    `-opentsdbHTTPListenAddr=127.0.0.1:${tsdbPort}`,
    '-search.latencyOffset=0s',
    '-search.disableCache',
    '-retentionPeriod=1d',
    '-loggerLevel=ERROR',
  ]);
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const opentsdbUrl = `http://127.0.0.1:${tsdbPort}`;
  await waitFor('victoria-metrics /health', async () => {
    const answer = await request(`${httpUrl}/health`);
    const text = await answer.body.text();
    return answer.statusCode === 200 && text.trim() === 'OK';
  }, 20_000).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n${daemon.output()}`);
  });

  async function exported(match: string): Promise<ExportedSeries[]> {
    await (await request(`${httpUrl}/internal/force_flush`)).body.dump();
    const answer = await request(`${httpUrl}/api/v1/export?${new URLSearchParams({ 'match[]': match }).toString()}`);
    const text = await answer.body.text();
    if (answer.statusCode !== 200) throw new Error(`export ${match}: HTTP ${answer.statusCode} ${text}`);
    return text.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as ExportedSeries);
  }

  return {
    opentsdbUrl,
    httpUrl,
    async reset() {
      const answer = await request(`${httpUrl}/api/v1/admin/tsdb/delete_series?${new URLSearchParams({ 'match[]': '{__name__=~".+"}' }).toString()}`);
      await answer.body.dump();
    },
    series: (metric) => exported(`{__name__=${JSON.stringify(metric)}}`),
    seriesMatching: (pattern) => exported(`{__name__=~${JSON.stringify(pattern)}}`),
    stop: () => daemon.stop(),
    signal: (signal) => daemon.kill(signal),
  };
}
