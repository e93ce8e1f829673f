/**
 * The agent's logger: pino, writing JSON lines to stderr (for journald and log shippers), or one plain line per entry
 * for people (`LogFormat = "text"`, or "auto" on a terminal). Both are written synchronously, so nothing is lost when
 * the agent exits and no worker thread is started.
 */
import { writeSync } from 'node:fs';
import { pino, type Logger } from 'pino';
import type { LogFormat } from './config/index.js';

const LEVELS: Readonly<Record<number, string>> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
/** Fields every line has; the text format shows them in front instead of as key=value. */
const FRONT = new Set(['level', 'time', 'msg', 'name', 'pid', 'hostname']);

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return JSON.stringify(value) ?? String(value);
}

/** `2026-12-01T19:31:19.014Z WARN  reading failed collector=megaraid err="…"` from one of pino's JSON lines. */
export function textLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith('\n') ? json : `${json}\n`;
  }
  const level = LEVELS[Number(entry.level)] ?? String(entry.level);
  const fields = Object.entries(entry).filter(([key]) => !FRONT.has(key)).map(([key, value]) => `${key}=${fieldText(value)}`);
  const time = typeof entry.time === 'string' ? entry.time : new Date().toISOString();
  const message = typeof entry.msg === 'string' ? entry.msg : '';
  return `${[time, level.padEnd(5), message, ...fields].filter((part) => part !== '').join(' ')}\n`;
}

/** Text on a terminal, JSON elsewhere, unless the configuration says which. */
export function resolveLogFormat(format: LogFormat, isTerminal: boolean = process.stderr.isTTY): 'json' | 'text' {
  if (format !== 'auto') return format;
  return isTerminal ? 'text' : 'json';
}

export function createLogger(level: string, format: 'json' | 'text'): Logger {
  const options = {
    level,
    base: { name: 'rx-collector' },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: { paths: ['password', '*.password', 'accessToken', '*.accessToken', 'url', '*.url'], censor: '***' },
  };
  if (format === 'json') return pino(options, pino.destination({ fd: 2, sync: true }));
  return pino(options, { write: (line: string) => { writeSync(2, textLine(line)); } });
}
