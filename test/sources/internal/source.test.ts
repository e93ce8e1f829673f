import assert from 'node:assert/strict';
import { firstValueFrom } from 'rxjs';
import { agentPoints, createInternalSource, METRICS, samplesSince, versionNumber, type AgentStats } from '../../../src/sources/internal/index.js';

const stats: AgentStats = {
  sent: 120, dropped: 3, discarded: { not_finite: 2, refused: 1 }, queued: 7, posts: 4, postErrors: 1, postBytes: 2048,
  postDurationMs: 35, lastBatchPoints: 30, spoolDropped: 0, spoolCorrupt: 0,
  collectors: { galera: { readings: 5, errors: 1, timeouts: 1, skippedTicks: 2, skippedFields: 4, datapoints: 250,
    lastDurationMs: 12, breakerState: 2 } },
};

describe('internal source', () => {
  it('encodes versions as rs-collector does', () => {
    assert.equal(versionNumber('0.1.8'), 1008);
    assert.equal(versionNumber('1.12.3'), 1_012_003);
  });

  it('turns the pipeline stats into rx-collector.* and rs-collector.* points', () => {
    const points = agentPoints(stats, '2.3.4', 1_700_000_000);
    const value = (metric: string, tags: Record<string, string> = {}): number | undefined =>
      points.find((p) => p.metric === metric && JSON.stringify(p.tags) === JSON.stringify(tags))?.value;
    assert.equal(value('rx-collector.version'), 2_003_004);
    assert.equal(value('rs-collector.version'), 2_003_004);
    assert.equal(value('rx-collector.datapoints.sent'), 120);
    assert.equal(value('rx-collector.datapoints.dropped'), 3);
    assert.equal(value('rx-collector.datapoints.discarded', { reason: 'not_finite' }), 2);
    assert.equal(value('rx-collector.datapoints.discarded', { reason: 'refused' }), 1);
    assert.equal(value('rx-collector.queue.length'), 7);
    assert.equal(value('rs-collector.stats.samples'), undefined, 'no interval before the first reading');
    assert.equal(value('rx-collector.collector.breaker.state', { collector: 'galera' }), 2);
    assert.equal(value('rx-collector.collector.skipped_fields', { collector: 'galera' }), 4);
    assert.equal(value('rx-collector.spool.bytes'), undefined, 'no spool, no spool metric');
    assert.ok(points.every((p) => p.timestamp === 1_700_000_000));
  });

  it('sends rs-collector.stats.samples as rs-collector: datapoints sent in the last interval, never a 0 at start', () => {
    assert.equal(samplesSince(undefined, 0), undefined);
    assert.equal(samplesSince(undefined, 120), undefined);
    assert.equal(samplesSince(90, 120), 30);
    assert.equal(samplesSince(120, 120), 0, 'nothing acknowledged in the interval is a true 0');
    assert.equal(samplesSince(120, 5), undefined, 'the count went back (a new sink): no interval to speak of');
    const samples = agentPoints(stats, '0.1.0', 1, 90).filter((p) => p.metric === 'rs-collector.stats.samples');
    assert.deepEqual(samples.map((p) => [p.value, p.tags]), [[30, {}]]);
  });

  it('keeps the sent count between readings: the first has no samples, each later one the difference', async () => {
    let sent = 0;
    const source = createInternalSource({ stats: () => ({ ...stats, sent }), version: '0.1.0' });
    const samples = async (): Promise<number[]> =>
      (await firstValueFrom(source.collect())).filter((p) => p.metric === 'rs-collector.stats.samples').map((p) => p.value);
    try {
      assert.deepEqual(await samples(), []);
      sent = 45;
      assert.deepEqual(await samples(), [45]);
      sent = 45 + 47;
      assert.deepEqual(await samples(), [47]);
    } finally {
      await source.close?.();
    }
  });

  it('adds process figures, every metric it sends is in its table', async () => {
    const source = createInternalSource({ stats: () => stats, version: '0.1.0' });
    const points = await firstValueFrom(source.collect());
    await source.close?.();
    const rss = points.find((p) => p.metric === 'rx-collector.rss')?.value ?? 0;
    assert.ok(rss > 10 * 1024 * 1024, `rss ${rss} bytes`);
    assert.equal(points.find((p) => p.metric === 'rs-collector.stats.rss')?.value, Math.round(rss / 1024));
    const declared = new Set(METRICS.map((m) => m.metric));
    assert.deepEqual(points.map((p) => p.metric).filter((m) => !declared.has(m)), []);
  });
});

describe('internal source event-loop lag', () => {
  const lagOf = async (source: ReturnType<typeof createInternalSource>): Promise<number> =>
    (await firstValueFrom(source.collect())).find((p) => p.metric === 'rx-collector.eventloop.lag.p99')?.value ?? Number.NaN;

  it('is how much later than intervalMs a reading started: 0 at the first, the overrun after a busy loop', async () => {
    const source = createInternalSource({ stats: () => stats, version: '0.1.0', intervalMs: 10 });
    assert.equal(await lagOf(source), 0);
    const busyUntil = performance.now() + 60;
    while (performance.now() < busyUntil) { /* the event loop is blocked, as by a long synchronous task */ }
    const lag = await lagOf(source);
    assert.ok(lag >= 50, `lag ${lag} ms after 60 ms busy with a 10 ms interval`);
  });

  it('without intervalMs, the shortest gap seen stands for the interval', async () => {
    const source = createInternalSource({ stats: () => stats, version: '0.1.0' });
    assert.equal(await lagOf(source), 0);
    assert.equal(await lagOf(source), 0, 'the first gap is the shortest so far');
  });
});
