/** DontSend is rs-collector's "collect but do not transmit" switch; the metric filter is DropMetrics. */
import { deepStrictEqual, strictEqual } from 'node:assert/strict';
import { errorOf, loadText } from './toyTables.js';

describe('DontSend and DropMetrics', () => {
  it('DontSend = true prints instead of sending, keeps Host (checked, unused) and warns about nothing', () => {
    const { config, warnings } = loadText('Host = "bosun:8070"\nDontSend = true\n');
    strictEqual(config.dontSend, true);
    deepStrictEqual(config.sink, { kind: 'stdout', url: 'bosun:8070', gzip: true, maxPointsPerSecond: 0 });
    deepStrictEqual(warnings, []);
    strictEqual(errorOf(() => loadText('Host = "ftp://x"\nDontSend = true\n')).startsWith('config: Host:'), true);
  });

  it('DontSend = true wins over an explicit Sink', () => {
    strictEqual(loadText('Host = "bosun:8070"\nSink = "opentsdb"\nDontSend = true\n').config.sink.kind, 'stdout');
  });

  it('DontSend = false (rs-collector\'s default) sends to Host', () => {
    const { config } = loadText('Host = "bosun:8070"\nDontSend = false\n');
    deepStrictEqual([config.dontSend, config.sink.kind], [false, 'bosun']);
  });

  it('DropMetrics is the filter; a list under DontSend (this agent\'s older files) is added to it', () => {
    deepStrictEqual(loadText('DropMetrics = ["a.*"]').config.dropMetrics, ['a.*']);
    const { config } = loadText('DontSend = ["b.c", "a.*"]\nDropMetrics = ["a.*"]\n');
    deepStrictEqual([config.dontSend, config.dropMetrics], [false, ['a.*', 'b.c']]);
  });

  it('comes from the environment as a switch word; the list comes from RX_COLLECTOR_DROP_METRICS', () => {
    strictEqual(loadText('', { env: { RX_COLLECTOR_DONT_SEND: 'yes' } }).config.dontSend, true);
    strictEqual(loadText('DontSend = true', { env: { RX_COLLECTOR_DONT_SEND: 'off' } }).config.dontSend, false);
    deepStrictEqual(loadText('', { env: { RX_COLLECTOR_DROP_METRICS: 'x.y, z.*' } }).config.dropMetrics, ['x.y', 'z.*']);
  });

  it('names the key of a bad value', () => {
    strictEqual(errorOf(() => loadText('DontSend = "maybe"')), 'config: DontSend: must be true, false or a list of strings (got "maybe")');
    strictEqual(errorOf(() => loadText('DontSend = 1')), 'config: DontSend: must be true, false or a list of strings (got 1)');
    strictEqual(errorOf(() => loadText('DropMetrics = ["ok", "bad name"]')),
      'config: DropMetrics[1]: must be a metric name, or a prefix ending in * (got "bad name")');
  });
});
