/**
 * The built agent (dist/cli.js, or the one in RX_CLI: an older build to compare) as a child process for the benchmarks:
 * started on a config (or the embedded default), its stdout lines counted, its pid for /proc figures, stopped by SIGTERM.
 * It runs with the environment the package's systemd unit gives it (`Environment=` in debian/rx-collector.service), so
 * the figures are those of the agent as installed.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { processCpuMs } from './measure.js';

const CLI = process.env.RX_CLI ?? fileURLToPath(new URL('../dist/cli.js', import.meta.url));

/** The `Environment=NAME=value` settings of the package's unit (one assignment per line, as the unit writes them). */
export const UNIT_ENVIRONMENT: Readonly<Record<string, string>> = (() => {
  const unit = readFileSync(fileURLToPath(new URL('../debian/rx-collector.service', import.meta.url)), 'utf8');
  const settings: Record<string, string> = {};
  for (const [, name = '', value = ''] of unit.matchAll(/^Environment=([A-Za-z_][A-Za-z0-9_]*)=(\S*)$/gm)) settings[name] = value;
  return settings;
})();

export interface AgentProcess {
  readonly pid: number;
  /** Lines printed on stdout so far. */
  readonly lines: number;
  /** Resolves with the wall time in ms from spawn to the first line on stdout. */
  readonly firstLineMs: Promise<number>;
  /** Resolves with the CPU time (all threads) the process had used when its first line arrived. */
  readonly firstLineCpuMs: Promise<number>;
  stop(): Promise<void>;
}

/**
 * Starts the agent with `toml` as its config file (undefined: no file, the embedded default) and extra arguments;
 * `env` is added to the unit's environment (undefined unsets a variable: spawn leaves it out).
 */
export function startAgentProcess(toml: string | undefined, args: readonly string[] = [],
  env: Readonly<Record<string, string | undefined>> = {}): AgentProcess {
  const configArgs: string[] = [];
  if (toml !== undefined) {
    const file = join(mkdtempSync(join(tmpdir(), 'rx-bench-agent-')), 'agent.toml');
    writeFileSync(file, toml);
    configArgs.push('-c', file);
  }
  const started = performance.now();
  const child = spawn(process.execPath, [CLI, ...configArgs, ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
    // No config file found at the default path means the embedded default; the variables keep it off the real one.
    env: { ...process.env, RX_COLLECTOR_LOG_LEVEL: 'warn', ...UNIT_ENVIRONMENT, ...env },
  });
  let lines = 0;
  let firstLine: (ms: number) => void = () => undefined;
  let firstLineCpu: (ms: number) => void = () => undefined;
  const firstLineMs = new Promise<number>((resolve) => { firstLine = resolve; });
  const firstLineCpuMs = new Promise<number>((resolve) => { firstLineCpu = resolve; });
  createInterface({ input: child.stdout }).on('line', () => {
    if (lines === 0) {
      firstLine(performance.now() - started);
      firstLineCpu(processCpuMs(child.pid ?? 0));
    }
    lines += 1;
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    pid: child.pid ?? 0,
    get lines() {
      return lines;
    },
    firstLineMs,
    firstLineCpuMs,
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
