import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createWsrepConverter } from '../../../src/sources/galera/convert.js';
import { KNOWN_METRICS, METRICS, PROVIDER_LOADED, metricName } from '../../../src/sources/galera/metrics.js';
import { parseStatusNumber, parseWsrepStatus, uuidToDecimal, type StatusRow } from '../../../src/sources/galera/parse.js';
import type { Logger } from '../../../src/source.js';
import { countingContext } from '../../helpers/skips.js';

/** The `mariadb -e` output of a sample: blocks of tab-separated rows, each after a `#` comment and a header line. */
function fixture(name: string): StatusRow[][] {
  const blocks: StatusRow[][] = [];
  for (const line of readFileSync(new URL(`../../fixtures/galera/${name}`, import.meta.url), 'utf8').split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    if (line.startsWith('Variable_name')) {
      blocks.push([]);
      continue;
    }
    const tab = line.indexOf('\t');
    blocks.at(-1)?.push({ Variable_name: line.slice(0, tab), Value: line.slice(tab + 1) });
  }
  return blocks;
}

const first = (name: string): StatusRow[] => fixture(name)[0] ?? [];
const raw = (rows: StatusRow[], variable: string): string => rows.find((row) => row.Variable_name === variable)?.Value ?? '';
const valueOf = (rows: StatusRow[], metric: string): number | undefined =>
  parseWsrepStatus(rows).values.find((value) => value.metric === metric)?.value;

function recordingLogger(): Logger & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    warnings,
    debug: () => undefined,
    info: () => undefined,
    warn: (obj, msg) => void warnings.push(`${msg ?? ''} ${JSON.stringify(obj)}`),
    error: () => undefined,
  };
}

describe('Galera: parseWsrepStatus', () => {
  const synced = first('wsrep-status.txt');
  const afterWrites = fixture('wsrep-status.txt')[1] ?? [];
  const nonPrimary = first('wsrep-status-nonprimary.txt');

  it('reads the fixtures (74 variables per block)', () => {
    strictEqual(synced.length, 74);
    strictEqual(afterWrites.length, 74);
  });

  it('sends every plain numeric variable as galera.<name with _ → .> with its exact value', () => {
    const numeric = afterWrites.filter((row) => /^-?\d+(\.\d+)?$/.test(row.Value ?? '') && row.Value !== '18446744073709551615');
    ok(numeric.length > 50, `only ${numeric.length} numeric rows`);
    const values = new Map(parseWsrepStatus(afterWrites).values.map((value) => [value.metric, value.value]));
    for (const row of numeric) strictEqual(values.get(metricName(row.Variable_name)), Number(row.Value), row.Variable_name);
    strictEqual(values.get('galera.wsrep.replicated.bytes'), 1312);
    strictEqual(values.get('galera.wsrep.local.recv.queue.avg'), Number(raw(afterWrites, 'wsrep_local_recv_queue_avg')));
  });

  it('maps the states as rs-collector does (0 = good)', () => {
    strictEqual(valueOf(synced, 'galera.wsrep.cluster.status'), 0);
    strictEqual(valueOf(synced, 'galera.wsrep.ready'), 0);
    strictEqual(valueOf(synced, 'galera.wsrep.connected'), 0);
    strictEqual(valueOf(synced, 'galera.wsrep.evs.state'), 0);
    strictEqual(valueOf(synced, 'galera.wsrep.local.state'), 4);
    strictEqual(valueOf(nonPrimary, 'galera.wsrep.cluster.status'), 1);
    strictEqual(valueOf(nonPrimary, 'galera.wsrep.ready'), 1);
    strictEqual(valueOf(nonPrimary, 'galera.wsrep.local.state'), 0);
    const gather = synced.map((row) => (row.Variable_name === 'wsrep_evs_state' ? { ...row, Value: 'GATHER' } : row));
    strictEqual(valueOf(gather, 'galera.wsrep.evs.state'), 1);
  });

  it('skips and reports an ON/OFF state with another value instead of guessing', () => {
    const odd = synced.map((row) => (row.Variable_name === 'wsrep_ready' ? { ...row, Value: 'MAYBE' } : row));
    const reading = parseWsrepStatus(odd);
    strictEqual(reading.values.some((value) => value.metric === 'galera.wsrep.ready'), false);
    deepStrictEqual(reading.skipped.map((skip) => skip.variable), ['wsrep_ready']);
  });

  it('turns UUIDs into the decimal of their last 12 hex digits', () => {
    strictEqual(uuidToDecimal('4e9d6855-e8c9-11f1-ad16-23b6ec126a13'), 39268551649811);
    const uuid = raw(synced, 'wsrep_cluster_state_uuid');
    strictEqual(valueOf(synced, 'galera.wsrep.cluster.state.uuid'), Number.parseInt(uuid.slice(-12), 16));
    strictEqual(valueOf(synced, 'galera.wsrep.local.state.uuid'), Number.parseInt(raw(synced, 'wsrep_local_state_uuid').slice(-12), 16));
    strictEqual(valueOf(synced, 'galera.wsrep.gcomm.uuid'), Number.parseInt(raw(synced, 'wsrep_gcomm_uuid').slice(-12), 16));
  });

  it('skips short, empty and malformed UUIDs without failing the reading', () => {
    const broken = synced.map((row) => {
      if (row.Variable_name === 'wsrep_cluster_state_uuid') return { ...row, Value: '' };
      if (row.Variable_name === 'wsrep_local_state_uuid') return { ...row, Value: '4e9d6855-e8c9' };
      if (row.Variable_name === 'wsrep_gcomm_uuid') return { ...row, Value: null };
      return row;
    });
    const reading = parseWsrepStatus(broken);
    deepStrictEqual(reading.skipped.map((skip) => skip.variable).sort(),
      ['wsrep_cluster_state_uuid', 'wsrep_gcomm_uuid', 'wsrep_local_state_uuid']);
    strictEqual(reading.values.some((value) => value.metric.endsWith('.uuid')), false);
    strictEqual(reading.values.length, parseWsrepStatus(synced).values.length - 3);
  });

  it('splits wsrep_evs_repl_latency into min/avg/max/stddev/samples', () => {
    const parts = raw(synced, 'wsrep_evs_repl_latency').split('/').map(Number);
    const names = ['min', 'avg', 'max', 'stddev', 'samples'].map((part) => `galera.wsrep.evs.repl.latency.${part}`);
    deepStrictEqual(names.map((name) => valueOf(synced, name)), parts);
    strictEqual(valueOf(nonPrimary, 'galera.wsrep.evs.repl.latency.min'), 8.305e-6);
    const broken = synced.map((row) => (row.Variable_name === 'wsrep_evs_repl_latency' ? { ...row, Value: '1/2/3' } : row));
    strictEqual(parseWsrepStatus(broken).skipped[0]?.variable, 'wsrep_evs_repl_latency');
  });

  it('sends true/false as 1/0', () => {
    strictEqual(valueOf(synced, 'galera.wsrep.flow.control.active'), 0);
    const active = synced.map((row) => (row.Variable_name === 'wsrep_flow_control_active' ? { ...row, Value: 'true' } : row));
    strictEqual(valueOf(active, 'galera.wsrep.flow.control.active'), 1);
  });

  it('sends the uint64-max sentinel as -1', () => {
    strictEqual(raw(nonPrimary, 'wsrep_cluster_conf_id'), '18446744073709551615');
    strictEqual(valueOf(nonPrimary, 'galera.wsrep.cluster.conf.id'), -1);
    strictEqual(parseStatusNumber('18446744073709551615'), -1);
  });

  it('sends no text: addresses, versions, comments and checkpoints are left out, not counted as skipped', () => {
    const reading = parseWsrepStatus(synced);
    deepStrictEqual(reading.skipped, []);
    for (const text of ['incoming.addresses', 'provider.name', 'provider.version', 'local.state.comment', 'se.checkpoint']) {
      strictEqual(reading.values.some((value) => value.metric === `galera.wsrep.${text}`), false, text);
    }
  });

  it('describes every variable of the samples in the metric table', () => {
    for (const name of ['wsrep-status.txt', 'wsrep-status-nonprimary.txt', 'wsrep-status-single-node.txt']) {
      for (const rows of fixture(name)) {
        for (const value of parseWsrepStatus(rows).values) ok(KNOWN_METRICS.has(value.metric), `${name}: ${value.metric}`);
      }
    }
    strictEqual(new Set(METRICS.map((meta) => meta.metric)).size, METRICS.length);
    const counters = new Set(METRICS.filter((meta) => meta.rate === 'counter').map((meta) => meta.metric));
    for (const counter of ['replicated', 'received', 'replicated.bytes', 'received.bytes', 'local.commits', 'flow.control.sent', 'flow.control.recv']) {
      ok(counters.has(`galera.wsrep.${counter}`), counter);
    }
    strictEqual(counters.has('galera.wsrep.cluster.size'), false);
  });

  it('recognises a plain MariaDB (wsrep variables, no provider) as not a Galera node', () => {
    const plain = first('wsrep-status-plain-mariadb.txt');
    ok(plain.length >= 17);
    deepStrictEqual(parseWsrepStatus(plain), { isGalera: false, values: [], skipped: [] });
    strictEqual(parseWsrepStatus(first('wsrep-status-single-node.txt')).isGalera, true);
  });
});

describe('Galera: createWsrepConverter', () => {
  const synced = first('wsrep-status.txt');

  it('makes datapoints with the tags and timestamp, led by galera.provider.loaded=1', () => {
    const data = createWsrepConverter({ name: 'a' }, { log: recordingLogger() }).toData(synced, 1_700_000_000);
    deepStrictEqual(data[0], { metric: PROVIDER_LOADED, value: 1, tags: { name: 'a' }, timestamp: 1_700_000_000 });
    strictEqual(data.length, parseWsrepStatus(synced).values.length + 1);
    ok(data.every((point) => point.tags.name === 'a' && point.timestamp === 1_700_000_000));
  });

  it('sends a variable a later Galera adds, describes it, and warns once per name per process', () => {
    const name = `wsrep_future_counter_${process.pid}`;
    const rows = [...synced, { Variable_name: name, Value: '42' }];
    const log = recordingLogger();
    const converter = createWsrepConverter({}, { log });
    for (let i = 0; i < 3; i++) {
      const data = converter.toData(rows);
      strictEqual(data.find((point) => point.metric === metricName(name))?.value, 42);
    }
    strictEqual(log.warnings.length, 1);
    ok(log.warnings[0]?.includes(metricName(name)));
    strictEqual(converter.metadata.filter((meta) => meta.metric === metricName(name)).length, 1);
    const another = recordingLogger();
    createWsrepConverter({ name: 'b' }, { log: another }).toData(rows);
    strictEqual(another.warnings.length, 0, 'a second instance in the same process does not warn again');
  });

  it('reports a plain server once as not Galera and sends galera.provider.loaded=0 each time', () => {
    const plain = first('wsrep-status-plain-mariadb.txt');
    const log = recordingLogger();
    const converter = createWsrepConverter({}, { log });
    for (let i = 0; i < 3; i++) {
      deepStrictEqual(converter.toData(plain, 5).map((point) => [point.metric, point.value]), [[PROVIDER_LOADED, 0]]);
    }
    strictEqual(log.warnings.filter((warning) => warning.includes('not a Galera node')).length, 1);
  });

  it('counts skipped fields across readings', () => {
    const counted = countingContext(recordingLogger());
    const converter = createWsrepConverter({}, counted);
    const broken = synced.map((row) => (row.Variable_name === 'wsrep_gcomm_uuid' ? { ...row, Value: 'x' } : row));
    converter.toData(broken);
    converter.toData(broken);
    strictEqual(counted.skipped, 2);
  });
});
