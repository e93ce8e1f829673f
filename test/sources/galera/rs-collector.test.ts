/**
 * rs-collector 0.1.8's own Galera test (src/collectors/galera.rs, convert_correct_test_data): its input rows as a
 * fixture, its expected samples written out here; rx-collector must send every one with the same value. And the two
 * rs-collector rules issue 10 names: state strings compared without regard to case, no user name unless configured.
 */
import { deepStrictEqual, ok, strictEqual } from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { firstValueFrom } from 'rxjs';
import { createGaleraSource } from '../../../src/sources/galera/index.js';
import { parseWsrepStatus, uuidToDecimal, type StatusRow } from '../../../src/sources/galera/parse.js';
import { galeraTable, GALERA_SCHEMA } from '../../../src/sources/galera/table.js';
import { plainMariadb } from '../../servers/mariadb.js';

function rows(): StatusRow[] {
  return readFileSync(new URL('../../fixtures/galera/rs-collector-0.1.8-test-data.txt', import.meta.url), 'utf8').split('\n')
    .filter((line) => line !== '' && !line.startsWith('#') && !line.startsWith('Variable_name\t'))
    .map((line) => ({ Variable_name: line.slice(0, line.indexOf('\t')), Value: line.slice(line.indexOf('\t') + 1) }));
}

/** rs-collector's expected samples, in its order. */
const RS_COLLECTOR: readonly [string, number][] = [
  ["galera.wsrep.local.state.uuid", 223231124026558],
  ["galera.wsrep.protocol.version", 7],
  ["galera.wsrep.last.committed", 15156],
  ["galera.wsrep.replicated", 27],
  ["galera.wsrep.replicated.bytes", 12308],
  ["galera.wsrep.repl.keys", 172],
  ["galera.wsrep.repl.keys.bytes", 1997],
  ["galera.wsrep.repl.data.bytes", 8583],
  ["galera.wsrep.repl.other.bytes", 0],
  ["galera.wsrep.received", 14],
  ["galera.wsrep.received.bytes", 4893],
  ["galera.wsrep.local.commits", 25],
  ["galera.wsrep.local.cert.failures", 0],
  ["galera.wsrep.local.replays", 0],
  ["galera.wsrep.local.send.queue", 0],
  ["galera.wsrep.local.send.queue.max", 1],
  ["galera.wsrep.local.send.queue.min", 0],
  ["galera.wsrep.local.send.queue.avg", 0],
  ["galera.wsrep.local.recv.queue", 0],
  ["galera.wsrep.local.recv.queue.max", 1],
  ["galera.wsrep.local.recv.queue.min", 0],
  ["galera.wsrep.local.recv.queue.avg", 0],
  ["galera.wsrep.local.cached.downto", 15122],
  ["galera.wsrep.flow.control.paused.ns", 0],
  ["galera.wsrep.flow.control.paused", 0],
  ["galera.wsrep.flow.control.sent", 0],
  ["galera.wsrep.flow.control.recv", 0],
  ["galera.wsrep.cert.deps.distance", 3.114286],
  ["galera.wsrep.apply.oooe", 0],
  ["galera.wsrep.apply.oool", 0],
  ["galera.wsrep.apply.window", 1],
  ["galera.wsrep.commit.oooe", 0],
  ["galera.wsrep.commit.oool", 0],
  ["galera.wsrep.commit.window", 1],
  ["galera.wsrep.local.state", 4],
  ["galera.wsrep.cert.index.size", 47],
  ["galera.wsrep.cert.bucket.count", 58],
  ["galera.wsrep.gcache.pool.size", 18605],
  ["galera.wsrep.causal.reads", 0],
  ["galera.wsrep.cert.interval", 0],
  ["galera.wsrep.desync.count", 0],
  ["galera.wsrep.evs.state", 0],
  ["galera.wsrep.gcomm.uuid", 61013330952311],
  ["galera.wsrep.cluster.conf.id", 21],
  ["galera.wsrep.cluster.size", 3],
  ["galera.wsrep.cluster.state.uuid", 223231124026558],
  ["galera.wsrep.cluster.status", 0],
  ["galera.wsrep.connected", 0],
  ["galera.wsrep.local.bf.aborts", 0],
  ["galera.wsrep.local.index", 0],
  ["galera.wsrep.ready", 0],
];

const valuesOf = (statusRows: StatusRow[]): Map<string, number> =>
  new Map(parseWsrepStatus(statusRows).values.map(({ metric, value }) => [metric, value]));

const withState = (variable: string, value: string): StatusRow[] =>
  [{ Variable_name: 'wsrep_provider_name', Value: 'Galera' }, { Variable_name: variable, Value: value }];

describe('Galera: rs-collector 0.1.8\'s test data', () => {
  it('gives every sample rs-collector\'s test expects, with the same value', () => {
    const ours = valuesOf(rows());
    for (const [metric, value] of RS_COLLECTOR) strictEqual(ours.get(metric), value, metric);
  });

  it('turns a UUID into the decimal of its last 12 hex digits, as rs-collector\'s utils test expects', () => {
    strictEqual(uuidToDecimal('d6a51a3a-b378-11e4-924b-23b6ec126a13'), 39268551649811);
  });

  it('sends more only where rs-collector dropped a number: the five parts of wsrep_evs_repl_latency', () => {
    const extra = [...valuesOf(rows()).keys()].filter((metric) => !RS_COLLECTOR.some(([known]) => known === metric));
    deepStrictEqual(extra.sort(), ['avg', 'max', 'min', 'samples', 'stddev'].map((part) => `galera.wsrep.evs.repl.latency.${part}`));
  });

  it('compares the state strings without regard to case, as rs-collector does', () => {
    const state = (variable: string, value: string): number | undefined =>
      valuesOf(withState(variable, value)).get(`galera.${variable.replace(/_/g, '.')}`);
    deepStrictEqual(['Primary', 'primary', 'PRIMARY', 'non-Primary', 'Disconnected'].map((value) => state('wsrep_cluster_status', value)), [0, 0, 0, 1, 1]);
    deepStrictEqual(['OPERATIONAL', 'Operational', 'operational', 'GATHER'].map((value) => state('wsrep_evs_state', value)), [0, 0, 0, 1]);
    deepStrictEqual(['ON', 'on', 'On', 'OFF', 'off'].map((value) => state('wsrep_connected', value)), [0, 0, 0, 1, 1]);
    deepStrictEqual(['ON', 'on', 'OFF', 'Off', 'maybe'].map((value) => state('wsrep_ready', value)), [0, 0, 1, 1, undefined]);
  });
});

describe('Galera: no user name unless one is configured (rs-collector\'s User = None)', function () {
  this.timeout(60_000);

  it('defaults User to empty, and passes it on as no user name', () => {
    strictEqual((GALERA_SCHEMA.User as { default: string }).default, '');
    const options = galeraTable.toOptions({ Host: '127.0.0.1', Port: 3306, Socket: '', User: '', Password: '', PasswordFile: '',
      UseSsl: false, CaCert: '', ClientCert: '', ClientCertKey: '' }, 'Galera');
    strictEqual(options.user, '');
  });

  it('logs in to a real server as the anonymous user, not as root', async () => {
    const plain = await plainMariadb();
    const source = createGaleraSource({ host: plain.host, port: plain.port });
    try {
      const error = await firstValueFrom(source.collect()).then(() => undefined, (failure: unknown) => failure);
      ok(error instanceof Error, 'the server has no anonymous user: the login must fail');
      ok(/Access denied for user ''@/.test(error.message), error.message);
    } finally {
      await source.close();
    }
  });
});
