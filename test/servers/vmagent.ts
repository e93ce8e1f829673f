/**
 * Debian's vmagent as an ingestion tier: its OpenTSDB HTTP listener takes `/api/put`, and it replicates every point to
 * each `-remoteWrite.url` (two VictoriaMetrics nodes: an HA pair), buffering on disk per URL while one is down. The
 * Debian build (1.79.5) has no `-remoteWrite.shardByURL`, so replication, not sharding, is what it can show.
 */
import { request } from 'undici';
import { freePort, freshDir, hasCommand, spawnDaemon, waitFor, type Server } from './harness.js';

const BINARY = '/usr/bin/vmagent';

export const vmagentAvailable = (): boolean => hasCommand(BINARY);

export interface VmAgent extends Server {
  /** Base URL of its OpenTSDB HTTP listener (takes `/api/put`). */
  readonly opentsdbUrl: string;
}

/** Starts a vmagent writing to every one of `writeUrls` (each a `…/api/v1/write`). */
export async function startVmAgent(name: string, writeUrls: readonly string[]): Promise<VmAgent> {
  const dir = freshDir(name);
  const [httpPort, tsdbPort] = [await freePort(), await freePort()];
  const daemon = spawnDaemon(name, BINARY, [
    `-httpListenAddr=127.0.0.1:${httpPort}`,
    `-opentsdbHTTPListenAddr=127.0.0.1:${tsdbPort}`,
    `-remoteWrite.tmpDataPath=${dir}`,
    '-remoteWrite.flushInterval=1s',
    '-loggerLevel=ERROR',
    ...writeUrls.map((url) => `-remoteWrite.url=${url}`),
  ]);
  await waitFor(`${name} /health`, async () => {
    const answer = await request(`http://127.0.0.1:${httpPort}/health`);
    return answer.statusCode === 200 && (await answer.body.text()).trim() === 'OK';
  }, 20_000).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n${daemon.output()}`);
  });
  return { opentsdbUrl: `http://127.0.0.1:${tsdbPort}`, stop: () => daemon.stop() };
}
