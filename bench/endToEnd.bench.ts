/**
 * The whole data path against the naive limit, in one process, in interleaved rounds.
 *
 * Ours: the public `startPipeline` with 20 sources of 100 realistic points per reading (netdev-shaped: metric, `iface`
 * and `direction` tags from fresh objects each reading, as sources make them), a global tag and `host` composed in,
 * into the real Bosun sink, posting gzip-compressed batches of 500 to a loopback receiver that runs in a separate
 * process (it gunzips, parses and counts; its CPU is not ours). In a round each source reads 50 times, every 20 ms, so
 * the sink keeps up (no backlog), as in use. The sources read on one shared timer, as the agent's clock reads the
 * sources of one Freq together; for reference also each on a timer of its own. A round ends when the sink has had
 * every point acknowledged.
 *
 * One pipeline and one sink serve every round, as the agent runs one for days; between rounds its sources are idle
 * while the naive rounds run. For reference, the same rounds each with a pipeline and sink of their own (what this
 * benchmark measured before): that adds starting and stopping them, and V8 compiling the hot functions again each
 * round, because its optimised code held on to objects of the last round's pipeline and is thrown away once they are
 * collected (`--trace-deopt`: "weak objects").
 *
 * The naive limit: the same points (same generator, same final tags), in the same batches of 500, each batch
 * `JSON.stringify` + `gzip` (zlib's asynchronous gzip at its default level: what the encoder did before issue 14),
 * nothing sent. For reference also the naive encoding at ours' settings (synchronous gzip at the encoder's level), to
 * show how much of the difference is the compression level and how much is the rest.
 *
 * CPU is process.cpuUsage (every thread: zlib, libuv and V8's compiler included) over the round, so load from other
 * work on the machine does not count; rounds alternate ours/naive and the medians are reported, after WARM_UP_ROUNDS
 * of every kind. Goal: ratio naive/ours ≥ 1. For reference, ours also runs with readings 1 ms apart (see
 * BUSY_SPACING_MS).
 *
 * No round forces a collection first (until 2026-12-04 each did): a full collection frees the short-lived objects
 * whose shapes V8's optimised code for node:http and the sink refers to weakly, so that code is thrown away
 * (`--trace-deopt`: "weak objects", ~10 functions a round) and compiled again during the round, ~40 ms on V8's
 * threads — the cost of a full GC every second, which no agent has. Without it, full collections come when the heap
 * grows (three times in 16 rounds of ours alone here) and cost each side its own. Both methods' figures are reported.
 */
import { promisify } from 'node:util';
import { constants, gzip as gzipCallback, gzipSync } from 'node:zlib';
import { concatMap, defer, filter, interval, map, merge, share, Subject, take, type Observable } from 'rxjs';
import type { Datum } from '../src/datum.js';
import { startPipeline, type PipelineSource } from '../src/pipeline.js';
import { createBosunSink } from '../src/sinks/bosun.js';
import type { Sink } from '../src/sinks/sink.js';
import { startLoopbackReceiver, type Loopback } from './loopback.js';
import { collectGarbage, load, median, ownCpuMs, round } from './measure.js';
import { report } from './results.js';

const gzip = promisify(gzipCallback);
// Read at run time so that this file also measures commits from before the encoder had a level of its own.
const { GZIP_LEVEL = constants.Z_DEFAULT_COMPRESSION } = await import('../src/sinks/encode.js') as { GZIP_LEVEL?: number };
const SOURCES = 20;
const POINTS_PER_READING = 100;
const READINGS_PER_SOURCE = Number(process.env.E2E_BENCH_READINGS ?? 50);
const ROUNDS = Number(process.env.E2E_BENCH_ROUNDS ?? 7);
/**
 * Rounds of every kind run first and not counted, so that what is measured is the steady agent: the sink's HTTP path
 * runs only 200 times a round, and V8 optimises its functions (node:http's among them) over several rounds. Their
 * median is a reference row.
 */
const WARM_UP_ROUNDS = Number(process.env.E2E_BENCH_WARM_UP_ROUNDS ?? 6);
const BATCH = 500;
/** Each source reads every 20 ms: 100 000 points a second, which the sink keeps up with (no backlog), as in use. */
const READING_SPACING_MS = Number(process.env.E2E_BENCH_SPACING_MS ?? 20);
/**
 * For reference, the same rounds with readings 1 ms apart: the same points, batches and requests, but the process is
 * never idle. What ours costs above that is the price of waking from idle for each reading and each answer, which on
 * a virtual machine is far from free (a bare `setInterval` every 20 ms costs ~10 ms CPU a second here).
 */
const BUSY_SPACING_MS = 1;
const HOSTNAME = 'bench-host';
const GLOBAL_TAGS = { dc: 'ams1' };
const FIELDS = ['bytes', 'packets', 'errs', 'dropped', 'fifo.errs', 'frame.errs', 'compressed', 'multicast'] as const;
const IFACES = ['eth0', 'eth1', 'ens3f0', 'ens3f1', 'bond0', 'enp0s31f6', 'wlp2s0'] as const;
const TOTAL = SOURCES * POINTS_PER_READING * READINGS_PER_SOURCE;

/** A fixed pseudo-random number in [0, 1) per series and step: counters that move as real ones do, not compressible. */
function noise(seed: number): number {
  const x = Math.sin(seed * 12.9898) * 43758.5453;
  return x - Math.floor(x);
}

/**
 * One reading of source `index` (the `count`th): netdev-shaped series (linux.net.* and os.net.* per interface and
 * direction) with counters that grow by a different amount each step; tags in fresh objects, as a source makes them.
 */
function reading(index: number, count: number, extraTags: Record<string, string> = {}): Datum[] {
  const timestamp = 1_760_000_000 + count * 15;
  const points: Datum[] = [];
  for (let i = 0; points.length < POINTS_PER_READING; i += 1) {
    const field = FIELDS[i % FIELDS.length] ?? 'bytes';
    const series = Math.floor(i / FIELDS.length);
    const iface = IFACES[Math.floor(series / 4) % IFACES.length] ?? 'eth0';
    const direction = series % 2 === 0 ? 'in' : 'out';
    const prefix = series % 4 < 2 ? 'linux.net' : 'os.net';
    const seed = index * 1000 + i;
    const value = Math.floor(noise(seed) * 1e12) + count * Math.floor(noise(seed + count) * 1e6);
    points.push({ metric: `${prefix}.${field}`, timestamp, value, tags: { iface: `${iface}.${index}`, direction, ...extraTags } });
  }
  return points;
}

/** Whether the sources' readings come on one shared timer (as the agent polls them) or each on a timer of its own. */
type Clock = 'shared' | 'own';

interface Round {
  cpuMs: number;
  bytes: number;
}

const PIPELINE_SETTINGS = {
  hostname: HOSTNAME, tags: GLOBAL_TAGS, dropMetrics: ['never.*'],
  batch: { maxDelayMs: 1000, maxPoints: BATCH },
  breaker: { failureThreshold: 3, cooldownMs: 1000 }, retry: { initialMs: 100, maxRetries: 0 },
} as const;

const pause = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));

/** How long the long-lived pipeline's one reading per source may last: longer than the whole benchmark. */
const HOUR_MS = 3_600_000;

/**
 * The pipeline every round of ours goes through: each source's one reading lasts the whole benchmark and reads
 * READINGS_PER_SOURCE times, `spacingMs` apart, whenever a round is started. Points keep their series and their
 * timestamps keep rising from round to round, as an agent's do.
 */
interface RoundOptions {
  /**
   * A full collection just before the round (what this benchmark did for every round before 2026-12-04). Only for the
   * reference rows: see the header.
   */
  forceGc?: boolean;
}

function startSteadyPipeline(receiver: Loopback): {
  round(spacingMs: number, clock?: Clock, options?: RoundOptions): Promise<Round>;
  stop(): Promise<void>;
} {
  const sink = createBosunSink({ url: receiver.url, maxQueuePoints: TOTAL * 2, maxBatchPoints: BATCH });
  const rounds$ = new Subject<{ index: number; spacingMs: number; clock: Clock }>();
  /** The reading counts of the rounds on `clock`, one per tick, rising from round to round. */
  const counts = (clock: Clock): Observable<number> => rounds$.pipe(
    filter((round) => round.clock === clock),
    concatMap((round) => interval(round.spacingMs).pipe(
      take(READINGS_PER_SOURCE),
      map((count) => round.index * READINGS_PER_SOURCE + count),
    )),
  );
  // One timer for every source, as the agent's clock (operators/clock.ts) reads the sources of one Freq together.
  const shared$ = counts('shared').pipe(share());
  let listening = 0;
  const sources: PipelineSource[] = Array.from({ length: SOURCES }, (_, index) => ({
    name: `bench${index}`, intervalMs: HOUR_MS, timeoutMs: HOUR_MS, jitterMs: 0,
    create: () => ({
      name: `bench${index}`, metadata: [],
      collect: () => defer(() => {
        listening += 1;
        return merge(shared$, counts('own')).pipe(map((count) => reading(index, count)));
      }),
    }),
  }));
  // Every point the pipeline hands the sink is counted on its way in, so a round knows without polling when all of it
  // reached the sink; then the sink's flush says when all of it was acknowledged.
  let written = 0;
  let roundWritten: { until: number; resolve: () => void } | undefined;
  const counted: Sink = {
    ...sink,
    write(points) {
      sink.write(points);
      written += points.length;
      if (roundWritten !== undefined && written >= roundWritten.until) roundWritten.resolve();
    },
  };
  const pipeline = startPipeline({ ...PIPELINE_SETTINGS, sink: counted }, sources);
  let index = 0;
  return {
    async round(spacingMs, clock = 'shared', options = {}) {
      // the sources start reading at the pipeline's first tick, just after it starts
      while (listening < SOURCES) await pause();
      const sentBefore = sink.stats().sent;
      const bytesBefore = sink.stats().postBytes;
      if (options.forceGc === true) collectGarbage();
      const cpuBefore = ownCpuMs();
      // Waiting is event-driven: a timer polling the sink (every 10 ms, as this did before 2026-12-04) would wake the
      // process 100 times a round, which on this virtual machine costs ours about 0.1–0.3 µs a point that is the
      // benchmark's, not the agent's.
      const allWritten = new Promise<void>((resolve) => { roundWritten = { until: written + TOTAL, resolve }; });
      rounds$.next({ index, spacingMs, clock });
      index += 1;
      // A round that loses points ends in the check below after a minute rather than waiting for ever.
      let giveUp: NodeJS.Timeout | undefined;
      await Promise.race([allWritten, new Promise<void>((resolve) => { giveUp = setTimeout(resolve, 60_000); })]);
      clearTimeout(giveUp);
      roundWritten = undefined;
      await sink.flush(60_000);
      const cpuMs = ownCpuMs() - cpuBefore;
      const stats = sink.stats();
      if (stats.sent - sentBefore !== TOTAL || stats.dropped > 0 || stats.discarded > 0) {
        throw new Error(`ours: sink sent ${stats.sent - sentBefore} of ${TOTAL} points (dropped ${stats.dropped})`);
      }
      return { cpuMs, bytes: stats.postBytes - bytesBefore };
    },
    async stop() {
      const left = await pipeline.stop(60_000);
      const got = await receiver.received();
      if (left.length > 0 || got !== sink.stats().sent) {
        throw new Error(`ours: receiver got ${got} of the ${sink.stats().sent} points sent (left ${left.length})`);
      }
    },
  };
}

/**
 * For reference, one round with a pipeline and sink of its own: CPU ms for TOTAL points through startPipeline + Bosun
 * sink until the receiver has them all, starting and stopping them included.
 */
async function newPipelineRound(receiver: Loopback): Promise<Round> {
  const sink = createBosunSink({ url: receiver.url, maxQueuePoints: TOTAL * 2, maxBatchPoints: BATCH });
  const before = await receiver.received();
  const sources: PipelineSource[] = Array.from({ length: SOURCES }, (_, index) => ({
    name: `bench${index}`, intervalMs: 60_000, timeoutMs: 60_000, jitterMs: 0,
    // Each reading as a source makes it; readings spaced by a timer so batches, timers and the sink interleave.
    create: () => ({
      name: `bench${index}`, metadata: [],
      collect: () => interval(READING_SPACING_MS).pipe(take(READINGS_PER_SOURCE), map((count) => reading(index, count))),
    }),
  }));
  collectGarbage();
  const cpuBefore = ownCpuMs();
  const pipeline = startPipeline({ ...PIPELINE_SETTINGS, sink, once: true }, sources);
  await pipeline.done;
  const left = await pipeline.stop(60_000);
  const cpuMs = ownCpuMs() - cpuBefore;
  const got = (await receiver.received()) - before;
  const stats = sink.stats();
  if (left.length > 0 || got !== TOTAL || stats.dropped > 0) {
    throw new Error(`ours: receiver got ${got} of ${TOTAL} points (left ${left.length}, dropped ${stats.dropped})`);
  }
  return { cpuMs, bytes: stats.postBytes };
}

/**
 * One round of the naive limit: the same points, same batches, JSON.stringify + gzip each (zlib's asynchronous gzip at
 * its default level, as the encoder did before). `level` and `sync` give the references at ours' settings.
 */
async function naiveRound(options: RoundOptions & { level?: number; sync?: boolean } = {}): Promise<Round> {
  const compress = async (json: Buffer): Promise<Buffer> => options.sync === true
    ? gzipSync(json, { level: options.level ?? constants.Z_DEFAULT_COMPRESSION })
    : gzip(json, { level: options.level ?? constants.Z_DEFAULT_COMPRESSION });
  if (options.forceGc === true) collectGarbage();
  const cpuBefore = ownCpuMs();
  const allTags = { ...GLOBAL_TAGS, host: HOSTNAME };
  let pending: Datum[] = [];
  let bytes = 0;
  for (let count = 0; count < READINGS_PER_SOURCE; count += 1) {
    for (let index = 0; index < SOURCES; index += 1) {
      for (const point of reading(index, count, allTags)) {
        pending.push(point);
        if (pending.length === BATCH) {
          bytes += (await compress(Buffer.from(JSON.stringify(pending)))).length;
          pending = [];
        }
      }
    }
  }
  if (pending.length > 0) bytes += (await compress(Buffer.from(JSON.stringify(pending)))).length;
  return { cpuMs: ownCpuMs() - cpuBefore, bytes };
}

const receiver = await startLoopbackReceiver();
const loadAtStart = load();
try {
  const steady = startSteadyPipeline(receiver);
  const ours: number[] = [];
  const naive: number[] = [];
  const naiveAtOurLevel: number[] = [];
  const oursBusy: number[] = [];
  const oursOwnTimers: number[] = [];
  const oursNewPipeline: number[] = [];
  const oursWarmingUp: number[] = [];
  const oursForcedGc: number[] = [];
  const naiveForcedGc: number[] = [];
  let oursBytes = 0;
  let naiveBytes = 0;
  const perPoint = (round: Round): number => (round.cpuMs * 1000) / TOTAL;
  for (let i = 0; i < WARM_UP_ROUNDS + ROUNDS; i += 1) {
    const a = await steady.round(READING_SPACING_MS);
    const b = await naiveRound();
    const c = await naiveRound({ level: GZIP_LEVEL, sync: true });
    const d = await steady.round(BUSY_SPACING_MS);
    const e = await steady.round(READING_SPACING_MS, 'own');
    if (i < WARM_UP_ROUNDS) {
      oursWarmingUp.push(perPoint(a));
      continue;
    }
    ours.push(perPoint(a));
    oursOwnTimers.push(perPoint(e));
    naive.push(perPoint(b));
    naiveAtOurLevel.push(perPoint(c));
    oursBusy.push(perPoint(d));
    oursBytes = a.bytes;
    naiveBytes = b.bytes;
  }
  // After the others, since each forced collection sets ours back to warming up.
  for (let i = 0; i < ROUNDS; i += 1) {
    oursForcedGc.push(perPoint(await steady.round(READING_SPACING_MS, 'shared', { forceGc: true })));
    naiveForcedGc.push(perPoint(await naiveRound({ forceGc: true })));
  }
  await steady.stop();
  // After the others: each new pipeline's garbage makes V8 discard optimised code the long-lived pipeline shares.
  await newPipelineRound(receiver);
  for (let i = 0; i < ROUNDS; i += 1) oursNewPipeline.push(perPoint(await newPipelineRound(receiver)));
  const oursUs = median(ours);
  const naiveUs = median(naive);
  report('endToEnd', {
    'points per round': TOTAL,
    rounds: ROUNDS,
    'warm-up rounds (not counted)': WARM_UP_ROUNDS,
    'ours: µs CPU per point (median)': round(oursUs, 3),
    'ours: µs CPU per point (min–max)': `${round(Math.min(...ours), 3)}–${round(Math.max(...ours), 3)}`,
    'ours: points per CPU-second': Math.round(1e6 / oursUs),
    'ours: body bytes per point': round(oursBytes / TOTAL, 1),
    'naive: µs CPU per point (median)': round(naiveUs, 3),
    'naive: µs CPU per point (min–max)': `${round(Math.min(...naive), 3)}–${round(Math.max(...naive), 3)}`,
    'naive: body bytes per point': round(naiveBytes / TOTAL, 1),
    'ratio naive/ours (goal ≥ 1)': round(naiveUs / oursUs, 3),
    [`reference: naive with synchronous gzip level ${GZIP_LEVEL} (ours' settings), µs per point`]: round(median(naiveAtOurLevel), 3),
    'reference: ratio naive at ours\' settings/ours': round(median(naiveAtOurLevel) / oursUs, 3),
    [`reference: ours with readings ${BUSY_SPACING_MS} ms apart (never idle), µs per point`]: round(median(oursBusy), 3),
    'reference: ratio naive/ours never idle': round(naiveUs / median(oursBusy), 3),
    'reference: ours with each source on a timer of its own, µs per point': round(median(oursOwnTimers), 3),
    'reference: ratio naive/ours with a timer per source': round(naiveUs / median(oursOwnTimers), 3),
    [`reference: ours in its first ${WARM_UP_ROUNDS} rounds (V8 still optimising), µs per point`]: round(median(oursWarmingUp), 3),
    'reference: ratio naive/ours in its first rounds': round(naiveUs / median(oursWarmingUp), 3),
    'reference: ours with a full GC forced before each round (the method before 2026-12-04), µs per point': round(median(oursForcedGc), 3),
    'reference: naive with a full GC forced before each round, µs per point': round(median(naiveForcedGc), 3),
    'reference: ratio with a full GC forced before each round': round(median(naiveForcedGc) / median(oursForcedGc), 3),
    'reference: ours with a new pipeline and sink each round, µs per point': round(median(oursNewPipeline), 3),
    'reference: ratio naive/ours with a new pipeline each round': round(naiveUs / median(oursNewPipeline), 3),
    load: `${loadAtStart} → ${load()}`,
  });
} finally {
  receiver.stop();
}
