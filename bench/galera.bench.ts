/**
 * CPU and wall time of one Galera reading against prometheus-mysqld-exporter's scrape of the same node, in the same
 * run. Ours: `createGaleraSource().collect()` (query + parse + datapoints), CPU from process.cpuUsage. The exporter:
 * GET /metrics with only its global_status collector (which is where it reads wsrep_*), CPU from its
 * threads' /proc schedstat. Target: our reading costs no more CPU than the exporter's scrape (ratio ≤ 1). Also per
 * series: the exporter sends every global_status sample in its scrape (not only the wsrep ones), so CPU per datapoint
 * against CPU per sample shows what each costs for what it sends.
 * Starts a one-node Galera cluster and the exporter itself; `node --import tsx bench/galera.bench.ts`.
 */
import { firstValueFrom } from 'rxjs';
import { request } from 'undici';
import { createGaleraSource } from '../src/sources/galera/index.js';
import { freePort, hasCommand, spawnDaemon, stopAll, waitFor } from '../test/servers/harness.js';
import { galeraAvailable, startGaleraCluster } from '../test/servers/galera.js';
import { load, processCpuMs } from './measure.js';
import { report } from './results.js';

const EXPORTER = '/usr/bin/prometheus-mysqld-exporter';
const READINGS = Number(process.env.GALERA_BENCH_READINGS ?? 500);
const WARMUP = 20;

interface Cost {
  cpuMsPerReading: number;
  wallMsPerReading: number;
}

async function measure(times: number, once: () => Promise<void>, cpuMs: () => number): Promise<Cost> {
  for (let i = 0; i < WARMUP; i++) await once();
  const cpuBefore = cpuMs();
  const started = process.hrtime.bigint();
  for (let i = 0; i < times; i++) await once();
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
  return { cpuMsPerReading: (cpuMs() - cpuBefore) / times, wallMsPerReading: wallMs / times };
}

async function main(): Promise<void> {
  if (!galeraAvailable() || !hasCommand(EXPORTER)) {
    console.error('needs mariadbd, galera-4, rsync and prometheus-mysqld-exporter (test/servers/install.sh)');
    process.exit(1);
  }
  const cluster = await startGaleraCluster('bench-galera', 1);
  const node = cluster.nodes[0];
  if (node === undefined) throw new Error('no node');

  const exporterPort = await freePort();
  const exporter = spawnDaemon('bench-mysqld-exporter', EXPORTER, [
    `--web.listen-address=127.0.0.1:${exporterPort}`,
    '--collect.global_status',
    '--no-collect.global_variables',
    '--no-collect.slave_status',
    '--no-collect.info_schema.innodb_cmp',
    '--no-collect.info_schema.innodb_cmpmem',
    '--no-collect.info_schema.query_response_time',
  ], { env: { ...process.env, DATA_SOURCE_NAME: `root@(127.0.0.1:${node.port})/` } });
  const metricsUrl = `http://127.0.0.1:${exporterPort}/metrics`;
  const scrape = async (): Promise<string> => {
    const answer = await request(metricsUrl);
    const text = await answer.body.text();
    if (answer.statusCode !== 200) throw new Error(`exporter: HTTP ${answer.statusCode}`);
    return text;
  };
  await waitFor('mysqld-exporter', async () => (await scrape()).includes('mysql_up 1'), 10_000).catch((error: unknown) => {
    throw new Error(`${(error as Error).message}\n${exporter.output()}`);
  });

  const source = createGaleraSource({ host: node.host, port: node.port, user: node.user });
  const loadAtStart = load();
  let points = 0;
  try {
    const ours = await measure(READINGS, async () => {
      points = (await firstValueFrom(source.collect())).length;
    }, () => {
      const usage = process.cpuUsage();
      return (usage.user + usage.system) / 1000;
    });
    let exporterLines = 0;
    let exporterSamples = 0;
    const theirs = await measure(READINGS, async () => {
      const samples = (await scrape()).split('\n').filter((line) => line !== '' && !line.startsWith('#'));
      exporterSamples = samples.length;
      exporterLines = samples.filter((line) => line.includes('wsrep') || line.includes('galera')).length;
    }, () => processCpuMs(exporter.pid));
    report('galera', {
      readings: READINGS,
      'ours: datapoints per reading': points,
      'ours: CPU ms per reading': Number(ours.cpuMsPerReading.toFixed(3)),
      'ours: wall ms per reading': Number(ours.wallMsPerReading.toFixed(3)),
      'ours: CPU µs per datapoint': Number(((ours.cpuMsPerReading * 1000) / points).toFixed(1)),
      'exporter: wsrep/galera series per scrape': exporterLines,
      'exporter: samples per scrape (all)': exporterSamples,
      'exporter: CPU µs per sample': Number(((theirs.cpuMsPerReading * 1000) / exporterSamples).toFixed(1)),
      'exporter: CPU ms per scrape': Number(theirs.cpuMsPerReading.toFixed(3)),
      'exporter: wall ms per scrape': Number(theirs.wallMsPerReading.toFixed(3)),
      'CPU ratio ours/exporter (target ≤ 1)': Number((ours.cpuMsPerReading / theirs.cpuMsPerReading).toFixed(3)),
      'wall ratio ours/exporter': Number((ours.wallMsPerReading / theirs.wallMsPerReading).toFixed(3)),
      'CPU ratio per series ours/exporter': Number(((ours.cpuMsPerReading / points)
        / (theirs.cpuMsPerReading / exporterSamples)).toFixed(3)),
      load: `${loadAtStart} → ${load()}`,
    });
  } finally {
    await source.close();
    await exporter.stop(2_000);
    await cluster.stop();
    await stopAll();
  }
}

await main();
