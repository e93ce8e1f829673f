/**
 * Runs the built CLI (dist/cli.js) as a real process with a config file, for end-to-end tests: lets it run, sends
 * SIGTERM, and returns what it printed and how it exited. `RX_COLLECTOR_BIN=build/sea/rx-collector` (or the `bin`
 * option) runs the same tests against the single executable instead.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable } from 'node:stream';
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const CLI = process.env.RX_COLLECTOR_BIN ?? fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface AgentRun {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Milliseconds from SIGTERM to exit (undefined when the process ended by itself). */
  stopMs?: number;
}

export interface RunAgentOptions {
  /** TOML text of the config file; omit to run without `-c`. */
  config?: string;
  args?: readonly string[];
  /** How long to let it run before SIGTERM; omit when it ends by itself (--once, --check). */
  runMs?: number;
  /** Run until this returns true (polled every 200 ms), then SIGTERM; `runMs` is then the upper bound. */
  until?: (run: { stdout: string; stderr: string }) => boolean | Promise<boolean>;
  env?: Readonly<Record<string, string>>;
  /** The executable to run instead of CLI (a .js file runs under this node, anything else by itself). */
  bin?: string;
  /** Kill -9 after this long if it has not exited (a hang is a test failure, never a hung suite). */
  killAfterMs?: number;
  /** A command the agent runs under (`setpriv --reuid=65534 …`, `unshare -m …`): it gets node, the CLI and its args. */
  prefix?: readonly string[];
}

/** Writes `config` to a fresh config file anyone can read (a prefix may drop privileges); returns its path. */
export function writeAgentConfig(config: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'rx-collector-e2e-'));
  chmodSync(dir, 0o755);
  const file = join(dir, 'rx-collector.toml');
  writeFileSync(file, config, { mode: 0o644 });
  return file;
}

/** A running agent the test controls itself (signals at chosen moments, kill -9). */
export interface LiveAgent {
  readonly child: ChildProcessByStdio<null, Readable, Readable>;
  readonly stderr: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGTERM and wait for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL and wait: a crash, an OOM kill. */
  kill(): Promise<void>;
}

export function spawnAgent(configFile: string, env: Readonly<Record<string, string>> = {}): LiveAgent {
  assertBuilt();
  const child = spawn(process.execPath, [CLI, '-c', configFile], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } });
  let stderr = '';
  child.stdout.resume();
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const guard = setTimeout(() => child.kill('SIGKILL'), 300_000);
  void exited.then(() => clearTimeout(guard));
  return {
    child,
    stderr: () => stderr,
    exited,
    async stop() {
      child.kill('SIGTERM');
      return exited;
    },
    async kill() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

export function assertBuilt(bin = CLI): void {
  if (!existsSync(bin)) throw new Error(`${bin} is missing: run \`npm run build\` first (npm test does)`);
}

export async function runAgent(options: RunAgentOptions): Promise<AgentRun> {
  const bin = options.bin ?? CLI;
  assertBuilt(bin);
  const args: string[] = [];
  if (options.config !== undefined) args.push('-c', writeAgentConfig(options.config));
  args.push(...(options.args ?? []));
  // the executable (node + CLI for a .js file, else the file itself), under `prefix` when one is given
  const program = bin.endsWith('.js') ? [process.execPath, bin] : [bin];
  const [command = process.execPath, ...commandArgs] = [...(options.prefix ?? []), ...program, ...args];
  const child = spawn(command, commandArgs, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...options.env },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString(); });
  child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString(); });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const killTimer = setTimeout(() => child.kill('SIGKILL'), options.killAfterMs ?? 120_000);
  try {
    let stopMs: number | undefined;
    if (options.runMs !== undefined || options.until !== undefined) {
      const deadline = Date.now() + (options.runMs ?? 60_000);
      const exitedEarly = exited.then(() => true);
      for (;;) {
        const done = await Promise.race([exitedEarly, sleep(200).then(() => false)]);
        if (done || Date.now() >= deadline) break;
        if (options.until !== undefined && await options.until({ stdout, stderr })) break;
      }
      if (child.exitCode === null && child.signalCode === null) {
        const signalledAt = Date.now();
        child.kill('SIGTERM');
        await exited;
        stopMs = Date.now() - signalledAt;
      }
    }
    const { code, signal } = await exited;
    return { exitCode: code, signal, stdout, stderr, stopMs };
  } finally {
    clearTimeout(killTimer);
  }
}

/** The first lines of a config that ships every second to VictoriaMetrics' OpenTSDB listener (it takes no metadata). */
export function toVictoriaMetrics(vm: { readonly opentsdbUrl: string }): string[] {
  return [`Host = "${vm.opentsdbUrl}"`, 'Sink = "opentsdb"', 'Freq = 1'];
}
