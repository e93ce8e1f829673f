/**
 * The logger contract every part of the agent writes to: the slice of pino's logger it uses, so a library user can
 * pass pino, a console-like object or nothing.
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  /** pino's child loggers; a logger without it is wrapped by `bindLogger`. */
  child?(bindings: Record<string, unknown>): Logger;
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
};

/** A logger whose every line carries `bindings` (`{ collector: 'mysql.db1' }`), so two instances can be told apart. */
export function bindLogger(log: Logger, bindings: Record<string, unknown>): Logger {
  if (log === silentLogger) return log;
  if (log.child !== undefined) return log.child(bindings);
  const bound = (write: (obj: object, msg?: string) => void) => (obj: object, msg?: string) => write({ ...bindings, ...obj }, msg);
  return {
    debug: bound(log.debug.bind(log)),
    info: bound(log.info.bind(log)),
    warn: bound(log.warn.bind(log)),
    error: bound(log.error.bind(log)),
    child: (more) => bindLogger(log, { ...bindings, ...more }),
  };
}
