import assert from 'node:assert/strict';
import type { Datum } from '../../src/datum.js';
import { createOpenTsdbSink } from '../../src/sinks/opentsdb.js';
import { freshVictoriaMetrics, type VictoriaMetrics } from '../servers/victoriametrics.js';

describe('opentsdb sink → VictoriaMetrics', function () {
  this.timeout(60_000);
  let vm: VictoriaMetrics;

  before(async function () {
    vm = await freshVictoriaMetrics(this);
  });

  it('stores every value, timestamp and tag it was given', async () => {
    // Recent timestamps: VictoriaMetrics refuses samples outside its retention (1 d here).
    const base = Math.floor(Date.now() / 1000) - 3600;
    const points: Datum[] = [];
    const series: { metric: string; tags: Record<string, string> }[] = [
      { metric: 'rx.sinktest.queries', tags: { host: 'db1', db: 'main' } },
      { metric: 'rx.sinktest.queries', tags: { host: 'db2', db: 'main' } },
      { metric: 'rx.sinktest.queries', tags: { host: 'db1', db: 'archive-2024' } },
      { metric: 'rx.sinktest.bytes', tags: { host: 'db1', iface: 'eth0', direction: 'in' } },
      { metric: 'rx.sinktest.bytes', tags: { host: 'db1', iface: 'eth0', direction: 'out' } },
      { metric: 'rx.sinktest.ratio', tags: { host: 'web_1.example.com', path: '/var/lib' } },
    ];
    for (let step = 0; step < 60; step += 1) {
      series.forEach((one, index) => {
        points.push({ ...one, timestamp: base + step * 10, value: (index + 1) * 1000 + step * 0.125 - 3.5 });
      });
    }
    const sink = createOpenTsdbSink({ url: vm.opentsdbUrl, maxBatchPoints: 50 });
    for (let i = 0; i < points.length; i += 45) sink.write(points.slice(i, i + 45));
    assert.equal(await sink.flush(10_000), true);
    const stats = sink.stats();
    await sink.close();
    assert.equal(stats.sent, 360);
    assert.equal(stats.postErrors, 0);
    assert.ok(stats.posts >= Math.ceil(360 / 50));

    const stored = [
      ...await vm.series('rx.sinktest.queries'),
      ...await vm.series('rx.sinktest.bytes'),
      ...await vm.series('rx.sinktest.ratio'),
    ];
    assert.equal(stored.length, series.length);
    for (const one of series) {
      const found = stored.find((s) => s.metric.__name__ === one.metric
        && JSON.stringify(Object.entries(s.metric).filter(([k]) => k !== '__name__').sort())
          === JSON.stringify(Object.entries(one.tags).sort()));
      assert.ok(found, `series ${one.metric} ${JSON.stringify(one.tags)} stored`);
      const sent = points.filter((p) => p.metric === one.metric && JSON.stringify(p.tags) === JSON.stringify(one.tags));
      assert.deepEqual(found.timestamps, sent.map((p) => p.timestamp * 1000));
      assert.deepEqual(found.values, sent.map((p) => p.value));
    }
  });
});
