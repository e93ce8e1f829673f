/**
 * A fleet in virtual time: 10 000 agents reading every 15 s, the store down for 10 minutes, then back. Each agent is
 * modelled as delivery.ts behaves — one request in flight, batches of up to BatchSize from its queue, full-jitter
 * backoff from src/backoff.ts after a failure, optional MaxSendRate pacing — and the store accepts up to a capacity in
 * points per second (beyond it: 503, as an overloaded Bosun or vminsert answers). Reports the store's peak request
 * and point rates at recovery against the steady rate, and how long until every agent has drained its backlog.
 * Event-driven (a heap of timed events), so 10 000 agents × 10 minutes take a few seconds. Figures: docs/scale.md.
 */
import { BACKOFF_DEFAULTS, backoffDelayMs, OVERLOAD_BACKOFF_DEFAULTS } from '../src/backoff.js';
import { report } from './results.js';

const AGENTS = Number(process.env.FLEET_AGENTS ?? 10_000);
const FREQ_S = 15;
const POINTS_PER_READING = 150;
const BATCH_SIZE = 500;
const OUTAGE_FROM_S = 120;
const OUTAGE_S = 600;
const END_S = OUTAGE_FROM_S + OUTAGE_S + 1_200;
/** The store takes up to this many times the fleet's steady point rate per second. */
const CAPACITY_FACTOR = Number(process.env.FLEET_CAPACITY ?? 3);
const LATENCY_S = 0.05;
/** The sink's backoff; FLEET_BACKOFF_MAX_MS=60000 models the agent before the cap was lowered. */
const BACKOFF = { ...BACKOFF_DEFAULTS, maxMs: Number(process.env.FLEET_BACKOFF_MAX_MS ?? BACKOFF_DEFAULTS.maxMs) };
/** delivery.ts resets its failure count on a success; FLEET_HALVE=1 tries halving it instead. */
const SUCCESS_RESETS_FAILURES = process.env.FLEET_HALVE !== '1';
/** FLEET_OVERLOAD_CURVE=0 models the agent before 503s got the long curve. */
const OVERLOAD_CURVE = process.env.FLEET_OVERLOAD_CURVE !== '0';

type Event = { at: number; agent: number; kind: 'read' | 'send' | 'answer'; ok?: boolean; down?: boolean; points?: number };

/** A binary min-heap on `at`. */
class Events {
  private readonly items: Event[] = [];
  push(event: Event): void {
    const items = this.items;
    items.push(event);
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if ((items[parent]).at <= event.at) break;
      items[i] = items[parent];
      i = parent;
    }
    items[i] = event;
  }
  pop(): Event | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (top === undefined || last === undefined || items.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= items.length) break;
      const right = left + 1;
      const child = right < items.length && (items[right]).at < (items[left]).at ? right : left;
      if ((items[child]).at >= last.at) break;
      items[i] = items[child];
      i = child;
    }
    items[i] = last;
    return top;
  }
}

interface Agent {
  queued: number;
  busy: boolean;
  failures: number;
  nextSendAt: number;
  backlogSince?: number;
}

type Outcome = Record<'steadyRequestsPerS' | 'steadyPointsPerS' | 'peakRequestsPerS' | 'peakOfferedPointsPerS'
  | 'peakAcceptedPointsPerS' | 'refusedRequests' | 'drainedSecondsAfterRecovery', number>;

function simulate(maxSendRate: number, seed: number): Outcome {
  let state = seed >>> 0;
  const random = (): number => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
  const steadyPoints = (AGENTS * POINTS_PER_READING) / FREQ_S;
  const capacity = steadyPoints * CAPACITY_FACTOR;
  const agents: Agent[] = Array.from({ length: AGENTS }, () => ({ queued: 0, busy: false, failures: 0, nextSendAt: 0 }));
  const events = new Events();
  const requests = new Map<number, number>();
  const offered = new Map<number, number>();
  const accepted = new Map<number, number>();
  const bump = (map: Map<number, number>, at: number, by: number): void => {
    const second = Math.floor(at);
    map.set(second, (map.get(second) ?? 0) + by);
  };
  let refused = 0;
  let lastDrainedAt = OUTAGE_FROM_S + OUTAGE_S;
  for (let i = 0; i < AGENTS; i += 1) events.push({ at: random() * FREQ_S, agent: i, kind: 'read' });

  const trySend = (id: number, at: number): void => {
    const agent = agents[id];
    if (agent.busy || agent.queued === 0) return;
    agent.busy = true;
    events.push({ at, agent: id, kind: 'send', points: Math.min(agent.queued, BATCH_SIZE) });
  };

  for (let event = events.pop(); event !== undefined && event.at < END_S; event = events.pop()) {
    const agent = agents[event.agent];
    if (event.kind === 'read') {
      agent.queued += POINTS_PER_READING;
      events.push({ at: event.at + FREQ_S, agent: event.agent, kind: 'read' });
      trySend(event.agent, event.at);
    } else if (event.kind === 'send') {
      const points = event.points ?? 0;
      const down = event.at >= OUTAGE_FROM_S && event.at < OUTAGE_FROM_S + OUTAGE_S;
      // MaxSendRate, as delivery.ts paces: every answered request is charged, a refused connection is not
      if (maxSendRate > 0 && event.at < agent.nextSendAt) {
        events.push({ ...event, at: agent.nextSendAt });
        continue;
      }
      if (maxSendRate > 0 && !down) agent.nextSendAt = Math.max(event.at, agent.nextSendAt) + points / maxSendRate;
      bump(requests, event.at, 1);
      bump(offered, event.at, points);
      const second = Math.floor(event.at);
      const ok = !down && (accepted.get(second) ?? 0) + points <= capacity;
      if (ok) bump(accepted, event.at, points);
      else if (!down) refused += 1;
      events.push({ at: event.at + (down ? 0.001 : LATENCY_S), agent: event.agent, kind: 'answer', ok, down, points });
    } else {
      agent.busy = false;
      if (event.ok === true) {
        agent.failures = SUCCESS_RESETS_FAILURES ? 0 : Math.floor(agent.failures / 2);
        agent.queued -= event.points ?? 0;
        if (agent.queued > 0) agent.backlogSince ??= event.at;
        if (agent.queued <= POINTS_PER_READING && agent.backlogSince !== undefined) {
          agent.backlogSince = undefined;
          lastDrainedAt = Math.max(lastDrainedAt, event.at);
        }
        trySend(event.agent, event.at);
      } else {
        agent.failures += 1;
        // as delivery.ts: a refused connection (store down) retries on the short curve, an answer (503) on the long one
        const curve = event.down === true || !OVERLOAD_CURVE ? BACKOFF : OVERLOAD_BACKOFF_DEFAULTS;
        const waitS = backoffDelayMs(agent.failures, curve, random) / 1000;
        agent.busy = true;
        events.push({ at: event.at + waitS, agent: event.agent, kind: 'send', points: Math.min(agent.queued, BATCH_SIZE) });
      }
    }
  }
  const recovery = OUTAGE_FROM_S + OUTAGE_S;
  const during = (map: Map<number, number>): number[] => [...map].filter(([second]) => second >= recovery).map(([, n]) => n);
  const steady = (map: Map<number, number>): number => {
    const values = [...map].filter(([second]) => second >= 30 && second < OUTAGE_FROM_S).map(([, n]) => n);
    return Math.round(values.reduce((sum, n) => sum + n, 0) / values.length);
  };
  return {
    steadyRequestsPerS: steady(requests),
    steadyPointsPerS: steady(accepted),
    peakRequestsPerS: Math.max(...during(requests)),
    peakOfferedPointsPerS: Math.max(...during(offered)),
    peakAcceptedPointsPerS: Math.max(...during(accepted)),
    refusedRequests: refused,
    drainedSecondsAfterRecovery: Math.round(lastDrainedAt - recovery),
  };
}

const figures: Record<string, number> = { agents: AGENTS, outageSeconds: OUTAGE_S, storeCapacityPointsPerS: (AGENTS * POINTS_PER_READING / FREQ_S) * CAPACITY_FACTOR };
for (const [name, rate] of [['uncapped', 0], ['maxSendRate50', 50], ['maxSendRate100', 100]] as const) {
  const outcome = simulate(rate, 42);
  for (const [key, value] of Object.entries(outcome)) figures[`${name}.${key}`] = value;
}
report('fleet', figures);
