/**
 * A log line for events that can come in floods (drops, refused points, a receiver that is down): the first one is
 * logged at once, later ones at most once per interval, each line carrying how many happened since the previous line.
 */
import type { Logger } from './log.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface ThrottledLogConfig {
  level: LogLevel;
  message: string;
  /** Minimum time between two lines. Default one minute. */
  intervalMs?: number;
  /** Clock in milliseconds; tests inject one. */
  now?: () => number;
}

/** Records `count` events and logs when the interval allows. */
export type ThrottledLog = (count: number, detail?: object) => void;

/** The one throttled log of the agent: returns `note(count, detail)`. */
export function createThrottledLog(log: Logger, config: ThrottledLogConfig): ThrottledLog {
  const { level, message, intervalMs = 60_000, now = Date.now } = config;
  let lastLoggedAt = -Infinity;
  let unreported = 0;
  return (count, detail = {}) => {
    unreported += count;
    const at = now();
    if (at - lastLoggedAt < intervalMs) return;
    log[level]({ ...detail, count: unreported }, message);
    lastLoggedAt = at;
    unreported = 0;
  };
}
