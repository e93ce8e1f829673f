import assert from 'node:assert/strict';
import { createStdoutSink, formatDatum } from '../../src/sinks/stdout.js';

describe('stdout sink', () => {
  it('prints one line per datapoint with tags sorted by key', async () => {
    const chunks: string[] = [];
    const sink = createStdoutSink({ write: (text) => chunks.push(text) });
    sink.write([
      { metric: 'mysql.galera.wsrep.cluster.size', timestamp: 1_700_000_000, value: 3, tags: { host: 'db1', cluster: 'c1' } },
      { metric: 'os.net.has_ipv4s', timestamp: 1_700_000_001, value: 0.5, tags: { zone: 'a', host: 'db1', addr: '10.0.0.1' } },
    ]);
    sink.write([]);
    sink.write([{ metric: 'x.y', timestamp: 1_700_000_002, value: -1e-7, tags: { host: 'h' } }]);
    assert.deepEqual(chunks.join('').split('\n'), [
      'mysql.galera.wsrep.cluster.size{cluster=c1,host=db1} 1700000000 3',
      'os.net.has_ipv4s{addr=10.0.0.1,host=db1,zone=a} 1700000001 0.5',
      'x.y{host=h} 1700000002 -1e-7',
      '',
    ]);
    assert.equal(chunks.length, 2, 'one write per non-empty batch');
    assert.equal(await sink.flush(10), true);
    const stats = sink.stats();
    assert.equal(stats.sent, 3);
    assert.equal(stats.lastBatchPoints, 1);
    assert.deepEqual(await sink.close(), []);
    sink.write([{ metric: 'late', timestamp: 1, value: 1, tags: { host: 'h' } }]);
    assert.equal(sink.stats().dropped, 1);
    assert.equal(chunks.length, 2);
  });

  it('formats a point without tags as metric{}', () => {
    assert.equal(formatDatum({ metric: 'a.b', timestamp: 5, value: 2, tags: {} }), 'a.b{} 5 2');
  });
});
