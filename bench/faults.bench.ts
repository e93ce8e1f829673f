/**
 * Issue 12's fault table, re-measured: the built CLI (or the one in RX_CLI, e.g. an older build to compare) against
 * the fault-injecting receiver, NetDev + internal at Freq=1. Each row prints what happened in numbers. Not a test:
 * figures, for the before/after table. `RX_CLI=/path/to/dist/cli.js npm run bench -- faults`; FAULTS=kill,slow picks rows.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import type { Datum } from '../src/datum.js';
import { startFaultReceiver, type FaultReceiver } from '../test/servers/faultReceiver.js';
import { report } from './results.js';

const CLI = process.env.RX_CLI ?? fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const ROWS = (process.env.FAULTS ?? 'kill,restart,slow,refuse,resume,duration,spooldir,secrets').split(',');
const OUTAGE_S = Number(process.env.OUTAGE_S ?? 20);

interface Agent {
  stderr: () => string;
  exited: Promise<number | null>;
  pid: number;
  stop(): Promise<number | null>;
  kill(): Promise<void>;
}

function configFile(lines: readonly string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'rx-faults-'));
  const file = join(dir, 'rx.toml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

function start(file: string, args: readonly string[] = [], prefix: readonly string[] = []): Agent {
  const [command = process.execPath, ...rest] = prefix;
  const argv = prefix.length === 0 ? [CLI, '-c', file, ...args] : [...rest, process.execPath, CLI, '-c', file, ...args];
  const child = spawn(command, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    stderr: () => stderr,
    exited,
    pid: child.pid ?? 0,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return exited;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Runs until the agent exits by itself or `ms` passed (then SIGTERM); its exit code and stderr. */
async function run(file: string, args: readonly string[], prefix: readonly string[] = [], ms = 8_000): Promise<{ code: number | null; stderr: string }> {
  const agent = start(file, args, prefix);
  await Promise.race([agent.exited, sleep(ms)]);
  return { code: await agent.stop(), stderr: agent.stderr() };
}

const rssMb = (pid: number): number => {
  const match = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return Math.round(Number(match?.[1] ?? 0) / 1024);
};

const seriesKey = (p: Datum): string => `${p.metric}${JSON.stringify(Object.entries(p.tags).sort())}`;

/** The timestamps each series of `host` has. */
function timestampsBySeries(points: readonly Datum[], host: string): Map<string, Set<number>> {
  const bySeries = new Map<string, Set<number>>();
  for (const p of points) {
    if (p.tags.host !== host) continue;
    let set = bySeries.get(seriesKey(p));
    if (set === undefined) bySeries.set(seriesKey(p), set = new Set());
    set.add(p.timestamp);
  }
  return bySeries;
}

/** Seconds missing per series between its first and last point, summed; and the longest single gap. */
function missing(points: readonly Datum[], host: string): { missingPoints: number; longestGapS: number } {
  const bySeries = timestampsBySeries(points, host);
  let missingPoints = 0;
  let longestGapS = 0;
  for (const set of bySeries.values()) {
    const times = [...set].sort((a, b) => a - b);
    for (let i = 1; i < times.length; i += 1) {
      const gap = (times[i] ?? 0) - (times[i - 1] ?? 0) - 1;
      missingPoints += Math.max(0, gap);
      longestGapS = Math.max(longestGapS, gap);
    }
  }
  return { missingPoints, longestGapS };
}

/** Readings missing while an agent was running (each window from its start + 2 s to its stop − 1 s), over all series. */
function missingWithin(points: readonly Datum[], host: string, windows: readonly [number, number][]): number {
  const bySeries = timestampsBySeries(points, host);
  let lost = 0;
  for (const set of bySeries.values()) {
    for (const [from, to] of windows) {
      for (let t = Math.ceil(from / 1000) + 2; t <= Math.floor(to / 1000) - 1; t += 1) if (!set.has(t)) lost += 1;
    }
  }
  return lost;
}

const spoolBytes = (dir: string): number => readdirSync(dir).filter((name) => name.endsWith('.seg'))
  .reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);

function agentConfig(receiver: FaultReceiver, host: string, extra: readonly string[] = []): string {
  return configFile([`Host = "${receiver.url}"`, 'Sink = "opentsdb"', `Hostname = "${host}"`, 'Freq = 1', 'Jitter = 0',
    'FlushInterval = 1', ...extra, '[NetDev]']);
}

async function caughtUp(receiver: FaultReceiver, host: string, timeoutMs = 60_000): Promise<boolean> {
  const since = Date.now() / 1000;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (receiver.points.some((p) => p.tags.host === host && p.timestamp >= since + 1)) return true;
    await sleep(200);
  }
  return false;
}

const results: Record<string, unknown> = { cli: CLI };

async function rowKill(): Promise<void> {
  const receiver = await startFaultReceiver();
  const spoolDir = mkdtempSync(join(tmpdir(), 'rx-faults-spool-'));
  const file = agentConfig(receiver, 'kill', [`SpoolDir = "${spoolDir}"`]);
  const first = start(file);
  await sleep(3_000);
  await receiver.set({ kind: 'down' });
  await sleep(OUTAGE_S * 1000);
  const bytesAtKill = spoolBytes(spoolDir);
  await first.kill();
  const second = start(file);
  await sleep(1_000);
  await receiver.set({ kind: 'up' });
  await caughtUp(receiver, 'kill');
  await sleep(2_000);
  await second.stop();
  results.kill9InOutage = { outageS: OUTAGE_S, spoolBytesAtKill: bytesAtKill, ...missing(receiver.points, 'kill'),
    duplicatePoints: receiver.duplicatePoints() };
  await receiver.close();
}

async function rowRestart(): Promise<void> {
  const receiver = await startFaultReceiver({ mode: { kind: 'down' } });
  const spoolDir = mkdtempSync(join(tmpdir(), 'rx-faults-spool-'));
  const file = agentConfig(receiver, 'restart', [`SpoolDir = "${spoolDir}"`]);
  const windows: [number, number][] = [];
  const opened = (): [number, number] => {
    const window: [number, number] = [Date.now(), 0];
    windows.push(window);
    return window;
  };
  const first = start(file);
  const firstWindow = opened();
  await sleep(5_000);
  firstWindow[1] = Date.now();
  await first.stop();
  // the next start finds the receiver still down for longer than the old 30 s replay attempt
  const second = start(file);
  const secondWindow = opened();
  await sleep(35_000);
  await receiver.set({ kind: 'up' });
  await caughtUp(receiver, 'restart');
  await sleep(2_000);
  secondWindow[1] = Date.now();
  await second.stop();
  const third = start(file);
  const thirdWindow = opened();
  await sleep(6_000);
  thirdWindow[1] = Date.now();
  await third.stop();
  const points = receiver.points.filter((p) => p.tags.host === 'restart').length;
  results.restartWhileDown = { pointsReceived: points, duplicatePoints: receiver.duplicatePoints(),
    lostWhileRunning: missingWithin(receiver.points, 'restart', windows) };
  await receiver.close();
}

async function rowSlow(): Promise<void> {
  const receiver = await startFaultReceiver({ mode: { kind: 'slow', delayMs: 10_000 } });
  const agent = start(agentConfig(receiver, 'slow'));
  await sleep(45_000);
  await receiver.set({ kind: 'up' });
  await caughtUp(receiver, 'slow');
  await agent.stop();
  const stores = receiver.batchStores();
  results.slowReceiver10s = { batches: stores.length, maxStoresOfOneBatch: Math.max(...stores),
    duplicatePoints: receiver.duplicatePoints() };
  await receiver.close();
}

async function rowRefuse(): Promise<void> {
  const receiver = await startFaultReceiver({ mode: { kind: 'status', status: 400 } });
  const agent = start(agentConfig(receiver, 'refuse'));
  await sleep(3_000);
  const before = receiver.requests.length;
  await sleep(20_000);
  const rate = (receiver.requests.length - before) / 20;
  const rss = rssMb(agent.pid);
  await agent.stop();
  results.refuseEverything400 = { requestsPerSecond: Number(rate.toFixed(1)), rssMbAfter23s: rss };
  await receiver.close();
}

async function rowResume(): Promise<void> {
  const receiver = await startFaultReceiver();
  const agent = start(agentConfig(receiver, 'resume'));
  await sleep(3_000);
  await receiver.set({ kind: 'down' });
  await sleep(OUTAGE_S * 3 * 1000);
  const backAtMs = Date.now() - receiver.startedAt;
  await receiver.set({ kind: 'up' });
  await caughtUp(receiver, 'resume', 90_000);
  const firstOk = receiver.firstOkAfter(backAtMs);
  await agent.stop();
  results.resumeAfterOutage = { outageS: OUTAGE_S * 3,
    firstOkSecondsAfterReturn: firstOk === undefined ? 'none' : Number(((firstOk - backAtMs) / 1000).toFixed(1)) };
  await receiver.close();
}

async function rowDuration(): Promise<void> {
  const receiver = await startFaultReceiver();
  const file = configFile([`Host = "${receiver.url}"`, 'Sink = "opentsdb"', 'Hostname = "freq"', 'Freq = 3000000', 'FlushInterval = 1', '[NetDev]']);
  const check = await run(file, ['--check'], [], 5_000);
  const started = await run(file, [], [], 5_000);
  const versions = receiver.points.filter((p) => p.metric === 'rx-collector.version').length;
  results.freq3000000 = { checkExit: check.code, startExit: started.code, readingsIn5s: versions,
    message: (check.stderr.split('\n')[0] ?? '').slice(0, 100) };
  await receiver.close();
}

async function rowSpoolDir(): Promise<void> {
  const base = mkdtempSync(join(tmpdir(), 'rx-faults-dirs-'));
  chmodSync(base, 0o755);
  const aFile = join(base, 'file');
  writeFileSync(aFile, 'x');
  const ro = join(base, 'ro');
  const notWritable = join(base, 'nw');
  mkdirSync(ro);
  mkdirSync(notWritable, { mode: 0o755 });
  const roMount = ['unshare', '-m', 'sh', '-c', `mount --bind ${ro} ${ro} && mount -o remount,bind,ro ${ro} ${ro} && exec "$0" "$@"`];
  const nobody = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'];
  const cases: [string, string, readonly string[]][] = [
    ['file', aFile, []], ['missingParentUnderFile', join(aFile, 'spool'), []], ['notWritable', join(notWritable, 'spool'), nobody],
    ['readOnly', ro, roMount], ['proc', '/proc/rx-spool', []],
  ];
  const rows: Record<string, unknown> = {};
  for (const [name, dir, prefix] of cases) {
    const file = configFile(['Host = "127.0.0.1:9"', `SpoolDir = "${dir}"`, 'Freq = 1', '[NetDev]']);
    chmodSync(join(file, '..'), 0o755);
    chmodSync(file, 0o644);
    const check = await run(file, ['--check'], prefix, 5_000);
    const started = await run(file, [], prefix, 5_000);
    rows[name] = { checkExit: check.code, startExit: started.code,
      startMessage: (started.stderr.split('\n').find((line) => /SpoolDir|unexpected|Error/.test(line)) ?? '').slice(0, 90) };
  }
  results.spoolDir = rows;
}

async function rowSecrets(): Promise<void> {
  const receiver = await startFaultReceiver({ mode: { kind: 'status', status: 401, body: (headers) => `denied: ${JSON.stringify(headers)}` } });
  const file = configFile([`Host = "${receiver.url.replace('http://', 'http://agent:pw-s3cret@')}"`, 'AccessToken = "tok-s3cret"',
    'Sink = "opentsdb"', 'Freq = 1', 'FlushInterval = 1', '[NetDev]']);
  const { stderr } = await run(file, [], [], 5_000);
  results.echoed401 = { tokenInLog: stderr.includes('tok-s3cret'), passwordInLog: stderr.includes('pw-s3cret'),
    basicAuthInLog: stderr.includes(Buffer.from('agent:pw-s3cret').toString('base64')) };
  await receiver.close();
}

const rows: Record<string, () => Promise<void>> = { kill: rowKill, restart: rowRestart, slow: rowSlow, refuse: rowRefuse,
  resume: rowResume, duration: rowDuration, spooldir: rowSpoolDir, secrets: rowSecrets };
for (const row of ROWS) {
  const measure = rows[row];
  if (measure === undefined) throw new Error(`unknown row ${row}`);
  console.log(`measuring ${row} …`);
  await measure();
}
/** `{ row: { figure: 1 } }` → `{ 'row.figure': 1 }`, the flat shape report() prints as a table. */
function flatten(value: Record<string, unknown>, prefix = ''): Record<string, number | string> {
  const flat: Record<string, number | string> = {};
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'object' && item !== null) Object.assign(flat, flatten(item as Record<string, unknown>, `${prefix}${key}.`));
    else flat[`${prefix}${key}`] = typeof item === 'number' ? item : String(item);
  }
  return flat;
}
report(process.env.RX_CLI === undefined ? 'faults' : 'faults-other-cli', flatten(results));
