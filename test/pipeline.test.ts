import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { defer, Observable, of, throwError } from 'rxjs';
import { TestScheduler } from 'rxjs/testing';
import type { Datum, MetricMeta } from '../src/datum.js';
import { dropMetricsMatcher, startPipeline, type Pipeline, type PipelineOptions, type PipelineSource } from '../src/pipeline.js';
import type { Source } from '../src/source.js';
import { memorySink, type MemorySink } from './helpers/memorySink.js';

/** Each point a second after the last one made: readings in virtual milliseconds, points never two in one second. */
let seconds = 1_700_000_000;
const point = (metric: string, value = 1, tags: Record<string, string> = {}): Datum =>
  ({ metric, timestamp: seconds++, value, tags });

type CountedSource = Source & { creates: number; reads: number; closes: number; metadata: MetricMeta[] };

function source(name: string, collect: () => Observable<Datum[]>, metadata: MetricMeta[] = []): CountedSource {
  const counted: CountedSource = {
    name,
    metadata,
    creates: 0,
    reads: 0,
    closes: 0,
    collect: () => defer(() => {
      counted.reads += 1;
      return collect();
    }),
    close: () => {
      counted.closes += 1;
      return Promise.resolve();
    },
  };
  return counted;
}

const entry = (src: CountedSource, overrides: Partial<PipelineSource> = {}): PipelineSource =>
  ({ create: () => { src.creates += 1; return src; }, name: src.name, intervalMs: 10, timeoutMs: 25, jitterMs: 0, ...overrides });

const options = (sink: MemorySink, overrides: Partial<PipelineOptions> = {}): PipelineOptions => ({
  hostname: 'web1',
  sink,
  batch: { maxDelayMs: 1, maxPoints: 1 },
  breaker: { failureThreshold: 2, cooldownMs: 30, removeAfter: 0 },
  retry: { initialMs: 1, maxRetries: 0 },
  ...overrides,
});

/** Runs `body` in virtual time and stops the pipeline it returns at `stopAtMs`, so the infinite polls end. */
function inVirtualTime(stopAtMs: number, body: (now: () => number) => Pipeline): void {
  const scheduler = new TestScheduler((actual, expected) => assert.deepEqual(actual, expected));
  scheduler.run(({ flush }) => {
    const pipeline = body(() => scheduler.now());
    scheduler.schedule(() => void pipeline.stop(0), stopAtMs);
    flush();
  });
}

const meta = (metric: string): MetricMeta => ({ metric, rate: 'gauge', unit: 'items', desc: metric });

describe('pipeline', () => {
  it('tags each point with its own tags, then the source\'s, then global tags and host, which win', () => {
    const sink = memorySink();
    inVirtualTime(5, () => startPipeline(options(sink, { tags: { c: 'global' } }),
      [entry(source('s', () => of([point('m', 1, { a: 'src', b: 'src' })])), { tags: { b: 'entry', c: 'entry' } })]));
    assert.deepEqual(sink.points()[0]?.tags, { a: 'src', b: 'entry', c: 'global', host: 'web1' });
  });

  it('keeps a healthy source on its exact cadence while another hangs, times out, opens its breaker', () => {
    let now = (): number => 0;
    const sink = memorySink(() => now());
    const cancelledAt: number[] = [];
    const hung = source('hung', () => new Observable<Datum[]>(() => () => cancelledAt.push(now())));
    const healthy = source('healthy', () => of([point('healthy.value')]));
    inVirtualTime(95, (clock) => {
      now = clock;
      return startPipeline(options(sink), [entry(hung), entry(healthy)]);
    });
    assert.deepEqual(sink.batches.map((batch) => batch.atMs), [0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
    // Readings at 0 and 30 time out at 25 and 55 (ticks 10, 20, 40, 50 skipped); the second failure opens the
    // breaker for 30 ms, so ticks 60-80 are not read; 90 is the half-open probe, cancelled by the stop at 95.
    assert.deepEqual(cancelledAt, [25, 55, 95]);
    assert.equal(hung.reads, 3);
  });

  it('reports readings, failures, timeouts, skipped ticks and breaker state per collector while running', () => {
    const hung = source('hung', () => new Observable<Datum[]>());
    const sink = memorySink();
    let snapshot: ReturnType<Pipeline['stats']> | undefined;
    inVirtualTime(95, () => {
      const pipeline = startPipeline(options(sink), [entry(hung)]);
      return {
        ...pipeline,
        stop: (ms: number) => {
          snapshot = pipeline.stats();
          return pipeline.stop(ms);
        },
      };
    });
    assert.deepEqual(snapshot?.collectors.hung, {
      readings: 3, errors: 2, timeouts: 2, skippedTicks: 4, skippedFields: 0, datapoints: 0, lastDurationMs: 25,
      breakerState: 1, lastError: 'reading did not complete within 25 ms',
    });
  });

  it('removes a source after removeAfter consecutive failures; the others keep running', () => {
    const failing = source('failing', () => throwError(() => new Error('connection refused')));
    const healthy = source('healthy', () => of([point('ok')]));
    const sink = memorySink();
    inVirtualTime(95, () => startPipeline(options(sink, {
      breaker: { failureThreshold: 1, cooldownMs: 5, removeAfter: 3 },
    }), [entry(failing), entry(healthy)]));
    // 0: fail → open; 10: half-open probe fails → open (cooldown 10); 20: probe fails → removed, never read again.
    assert.equal(failing.reads, 3);
    assert.equal(healthy.reads, 10);
  });

  it('discards NaN and DontSend points with a reason, and cleans what can be cleaned', () => {
    const sink = memorySink();
    let snapshot: ReturnType<Pipeline['stats']> | undefined;
    inVirtualTime(5, () => {
      const pipeline = startPipeline(options(sink, { dropMetrics: ['secret.*'], batch: { maxDelayMs: 1, maxPoints: 10 } }), [
        entry(source('s', () => of([point('ok'), point('nan', Number.NaN), point('secret.x'), point('bad metric!')]))),
      ]);
      return { ...pipeline, stop: (ms: number) => ((snapshot = pipeline.stats()), pipeline.stop(ms)) };
    });
    assert.deepEqual(sink.points().map((p) => p.metric), ['ok', 'bad_metric']);
    assert.deepEqual(snapshot?.discarded, { drop_metrics: 1, not_finite: 1 });
  });

  it('lets one point per series and second through: the rest are counted as same_second, without a warning', () => {
    const sink = memorySink();
    const warnings: string[] = [];
    const log = { debug: () => undefined, info: () => undefined, error: () => undefined,
      warn: (_: object, msg?: string) => void warnings.push(msg ?? '') };
    let snapshot: ReturnType<Pipeline['stats']> | undefined;
    // readings 10 virtual ms apart, all in one second of the points' time
    const stamped = (value: number): Datum => ({ metric: 'fast', timestamp: 1_600_000_000, value, tags: {} });
    let reads = 0;
    inVirtualTime(35, () => {
      const pipeline = startPipeline(options(sink, { log }), [entry(source('s', () => of([stamped((reads += 1))])))]);
      return { ...pipeline, stop: (ms: number) => ((snapshot = pipeline.stats()), pipeline.stop(ms)) };
    });
    assert.equal(reads, 4);
    assert.deepEqual(sink.points().map((p) => p.value), [1]);
    assert.deepEqual(snapshot?.discarded, { same_second: 3 });
    assert.deepEqual(warnings, []);
  });

  it('sends the metadata of all sources at start and again when a source\'s metadata grows', () => {
    const sink = memorySink();
    const growing = source('growing', () => {
      growing.metadata.push(meta('growing.new'));
      return of([point('growing.new')]);
    }, [meta('growing.old')]);
    inVirtualTime(5, () => startPipeline(options(sink), [entry(growing), entry(source('b', () => of([]), [meta('b.x')]))]));
    assert.deepEqual(sink.metadataWrites.map((write) => write.map((m) => m.metric)),
      [['growing.old', 'b.x'], ['growing.old', 'growing.new', 'b.x']]);
  });

  it('update keeps sources whose key is unchanged, restarts changed ones, starts new ones', () => {
    const sink = memorySink();
    const a = source('a', () => of([]));
    const b = source('b', () => of([]));
    const pipeline = startPipeline(options(sink, { once: false }), [entry(a, { key: '1', intervalMs: 60_000 }),
      entry(b, { key: '1', intervalMs: 60_000 })]);
    const aAgain = source('a', () => of([]));
    const bChanged = source('b', () => of([]));
    const c = source('c', () => of([]));
    pipeline.update([entry(aAgain, { key: '1' }), entry(bChanged, { key: '2' }), entry(c, { key: '1' })]);
    // the unchanged table's new entry is never made into a source, so there is nothing to close
    assert.deepEqual([a.creates, aAgain.creates, b.creates, bChanged.creates, c.creates], [1, 0, 1, 1, 1]);
    assert.deepEqual([a.closes, aAgain.closes, b.closes, bChanged.closes, c.closes], [0, 0, 1, 0, 0]);
    return pipeline.stop(0).then(() => assert.deepEqual([a.closes, bChanged.closes, c.closes], [1, 1, 1]));
  });

  it('update with new host, global tags or DontSend restarts every source with them', async () => {
    const sink = memorySink();
    const reading = (): Observable<Datum[]> => of([point('keep'), point('a.drop')]);
    const first = source('s', reading);
    const pipeline = startPipeline(options(sink), [entry(first, { key: '1', intervalMs: 10 })]);
    await sleep(30);
    pipeline.update([entry(first, { key: '1', intervalMs: 10 })], { hostname: 'web1' });
    assert.equal(first.closes, 0, 'unchanged globals and key: the source keeps running');
    const second = source('s', reading);
    pipeline.update([entry(second, { key: '1', intervalMs: 10 })], { hostname: 'web2', tags: { dc: 'x' }, dropMetrics: ['a.*'] });
    const before = sink.points().length;
    await sleep(40);
    await pipeline.stop(0);
    assert.equal(first.closes, 1, 'new globals restart the source although its key is unchanged');
    assert.ok(sink.points().slice(0, before).some((p) => p.metric === 'a.drop' && p.tags.host === 'web1'));
    const after = sink.points().slice(before);
    assert.ok(after.length > 0);
    assert.deepEqual([...new Set(after.map((p) => p.metric))], ['keep']);
    for (const p of after) assert.deepEqual(p.tags, { host: 'web2', dc: 'x' });
  });

  it('stop writes what is still buffered in the batch before closing the sink', async () => {
    const sink = memorySink();
    const pipeline = startPipeline(options(sink, { batch: { maxDelayMs: 60_000, maxPoints: 1000 } }), [
      entry(source('a', () => of([point('a.first')], [point('a.buffered')])), { intervalMs: 60_000 }),
    ]);
    await sleep(20);
    assert.deepEqual(sink.points().map((p) => p.metric), ['a.first'],
      'the collector\'s first reading leaves at once; what follows waits for the batch to be due');
    await pipeline.stop(1000);
    assert.deepEqual(sink.points().map((p) => p.metric), ['a.first', 'a.buffered']);
    assert.equal(sink.closed, true);
  });

  it('writes each collector\'s first reading at once, however long the batch may wait', async () => {
    const sink = memorySink();
    const pipeline = startPipeline(options(sink, { batch: { maxDelayMs: 60_000, maxPoints: 1000 } }), [
      entry(source('a', () => of([point('a.x')])), { intervalMs: 60_000 }),
      entry(source('b', () => of([point('b.x')])), { intervalMs: 60_000 }),
      entry(source('c', () => of([point('c.x')])), { intervalMs: 60_000 }),
    ]);
    await sleep(50);
    assert.deepEqual(sink.points().map((p) => p.metric).sort(), ['a.x', 'b.x', 'c.x']);
    await pipeline.stop(1000);
  });

  it('reads the sources of one Freq in one wake-up of the process, however long the first one takes', async () => {
    // A's reading keeps the loop busy for 3 ms, then queues an immediate (it runs once the timers of this turn are
    // done). With a timer per source, B's would be re-armed 3 ms after A's and fire in a later turn, after A's immediate.
    let immediates = 0;
    const bSawImmediates: number[] = [];
    const a = source('a', () => defer(() => {
      const until = performance.now() + 3;
      while (performance.now() < until) { /* busy, as a collector parsing a large file */ }
      setImmediate(() => (immediates += 1));
      return of([point('a.x')]);
    }));
    const b = source('b', () => defer(() => {
      bSawImmediates.push(immediates);
      return of([point('b.x')]);
    }));
    const pipeline = startPipeline(options(memorySink(), { phase: 0.5 }),
      [entry(a, { intervalMs: 20, jitterMs: 10 }), entry(b, { intervalMs: 20, jitterMs: 10 })]);
    await sleep(250);
    await pipeline.stop(0);
    assert.ok(bSawImmediates.length >= 5, `B read ${bSawImmediates.length} times`);
    assert.equal(a.reads, b.reads);
    // at each tick B reads before the immediate A queued in that very tick has run
    assert.deepEqual(bSawImmediates, bSawImmediates.map((_, tick) => tick));
  });

  it('once: reads every source exactly once, writes the points, then is done', async () => {
    const sink = memorySink();
    const a = source('a', () => of([point('a.x')]));
    const b = source('b', () => of([point('b.x')]));
    const pipeline = startPipeline(options(sink, { once: true, batch: { maxDelayMs: 60_000, maxPoints: 1000 } }),
      [entry(a), entry(b)]);
    await pipeline.done;
    assert.deepEqual([a.reads, b.reads], [1, 1]);
    assert.deepEqual(sink.points().map((p) => p.metric).sort(), ['a.x', 'b.x']);
  });
});

describe('dropMetricsMatcher', () => {
  it('matches exact names and trailing-* prefixes only', () => {
    const matches = dropMetricsMatcher(['a.b', 'c.*']);
    assert.deepEqual(['a.b', 'a.bc', 'c.d', 'c', 'x'].map(matches), [true, false, true, false, false]);
  });
});
