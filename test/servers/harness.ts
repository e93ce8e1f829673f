/**
 * The shared machinery of real-server tests: start a server once per test run, stop every server at the end (by the
 * PID we spawned, never by a pid file), and fail loudly under CI=true when a server cannot be had.
 */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Where servers keep their data and the PIDs we spawned; one place so a crashed run can be cleaned up. */
export const STATE_DIR = process.env.RX_TEST_STATE_DIR ?? '/tmp/rx-collector-test';
const PID_DIR = join(STATE_DIR, 'pids');

export interface Server {
  stop(): Promise<void>;
}

const started = new Map<string, Promise<Server>>();

/** Starts a server the first time any test asks for it; later callers get the same one. Stopped by `stopAll`. */
export function shared<T extends Server>(key: string, start: () => Promise<T>): Promise<T> {
  let server = started.get(key);
  if (server === undefined) {
    server = start();
    started.set(key, server);
  }
  return server as Promise<T>;
}

/** Stops every server `shared` started (called from the root afterAll hook). */
export async function stopAll(): Promise<void> {
  const servers = [...started.values()];
  started.clear();
  await Promise.allSettled(servers.map(async (server) => (await server).stop()));
  killRecordedPids(true);
}

export const underCi = (): boolean => process.env.CI === 'true';

/**
 * For a `before` hook whose server cannot be had: under CI=true the test run must fail (throws), elsewhere the suite is
 * skipped with the reason, so a developer without root can still run the unit tests.
 */
export function unavailable(ctx: Mocha.Context, reason: string): never {
  if (underCi()) throw new Error(`required test server unavailable under CI=true: ${reason}`);
  console.warn(`      skipped: ${reason}`);
  ctx.skip();
}

/** True when `command` is found on PATH or is an existing path. */
export function hasCommand(command: string): boolean {
  if (command.includes('/')) return existsSync(command);
  const dirs = (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin']);
  return dirs.some((dir) => dir !== '' && existsSync(join(dir, command)));
}

export interface Daemon {
  readonly child: ChildProcess;
  readonly pid: number;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
  kill(signal: NodeJS.Signals): void;
  readonly exited: Promise<number | null>;
  /** Everything the process wrote to stdout and stderr (capped), for error messages. */
  output(): string;
}

/** Spawns a long-running server process, records its PID for crash cleanup, and keeps its output for diagnostics. */
export function spawnDaemon(name: string, command: string, args: readonly string[], options: SpawnOptions = {}): Daemon {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  if (child.pid === undefined) throw new Error(`cannot spawn ${command}`);
  const pid = child.pid;
  mkdirSync(PID_DIR, { recursive: true });
  // The owner (this test process) is in the name, so a cleanup never kills servers of another run still going.
  const pidFile = join(PID_DIR, `${name}.${pid}.owner-${process.pid}`);
  writeFileSync(pidFile, String(pid));
  let output = '';
  const keep = (chunk: Buffer): void => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      rmSync(pidFile, { force: true });
      resolve(code);
    });
    child.once('error', () => resolve(null));
  });
  return {
    child,
    pid,
    exited,
    output: () => output,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const gone = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!gone) {
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/**
 * Kills servers that a crashed run left behind: those whose owning test process is gone. With `includeOwn`, also this
 * process's own (the end of a run). Servers of another run that is still going are never touched.
 */
export function killRecordedPids(includeOwn = false): void {
  if (!existsSync(PID_DIR)) return;
  for (const file of readdirSync(PID_DIR)) {
    const owner = Number(/\.owner-(\d+)$/.exec(file)?.[1]);
    const ownedByUs = owner === process.pid;
    if (ownedByUs ? !includeOwn : isAlive(owner)) continue;
    const pid = Number(readFileSync(join(PID_DIR, file), 'utf8'));
    try {
      if (Number.isInteger(pid) && pid > 1) process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
    rmSync(join(PID_DIR, file), { force: true });
  }
}

/** True while a process with this PID exists (signal 0 only checks). */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 1) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls `probe` until it returns a value other than undefined/false, or throws after `timeoutMs` with `what`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false> | T | undefined | false,
  timeoutMs = 30_000, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const result = await probe();
      if (result !== undefined && result !== false) return result;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const detail = lastError instanceof Error ? `: ${lastError.message}` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
    }
    await sleep(everyMs);
  }
}

/** A TCP port nobody listens on right now (the kernel picks it). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** A fresh, empty directory under the state dir for one server instance. */
export function freshDir(name: string): string {
  const dir = join(STATE_DIR, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  return dir;
}
