/**
 * The shapes of I/O the sources have, made cancellable in one place: async work that takes an AbortSignal, a command
 * run without a shell, and a synchronous read. Unsubscribing from the Observable aborts the work, kills the child
 * process or leaves the read undone.
 */
import { Observable } from '../rx.js';

/** One reading from `work`: emits its result and completes; unsubscribing aborts the signal `work` was given. */
export function fromAbortable<T>(work: (signal: AbortSignal) => Promise<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    const abort = new AbortController();
    let settled = false;
    work(abort.signal).then(
      (value) => {
        settled = true;
        subscriber.next(value);
        subscriber.complete();
      },
      (error: unknown) => {
        settled = true;
        subscriber.error(error);
      },
    );
    // Aborting finished work would only build an AbortError (and its stack) for nobody, at every reading.
    return () => {
      if (!settled) abort.abort();
    };
  });
}

/**
 * One reading done synchronously (files under /proc and /sys, the host's own state): run as it is subscribed, its value
 * emitted and completed before `subscribe` returns. A synchronous read cannot be interrupted, so a timeout armed for it
 * could never fire before it returns: done at once, it leaves the pipeline's timeout unarmed (timeoutEach) instead of
 * arming and cancelling a timer and queueing a microtask at every reading. No AbortController either: building one and
 * its signal at every reading was ~5 % of the main thread's busy time in a NetDev agent at Freq 1 (CPU profile).
 */
export function fromSynchronous<T>(read: () => T): Observable<T> {
  return new Observable<T>((subscriber) => {
    let value: T;
    try {
      value = read();
    } catch (error) {
      subscriber.error(error);
      return;
    }
    subscriber.next(value);
    subscriber.complete();
  });
}

export interface CommandOptions {
  /** Kill the command (SIGKILL) after this long. */
  timeoutMs?: number;
  /** Most bytes of stdout accepted before the command is killed and the run fails. */
  maxBuffer?: number;
}

/** A command's failure: what was run, and the last line it wrote to stderr (or the system's message). */
export class CommandError extends Error {
  constructor(readonly file: string, readonly args: readonly string[], readonly code: string | number | undefined,
    detail: string) {
    super(`${file} ${args.join(' ')}: ${detail}`);
    this.name = 'CommandError';
  }
}

/** A reading that runs `file` without a shell and emits its stdout; unsubscribing kills it, and so does `timeoutMs`. */
export function commandOutput(file: string, args: readonly string[], options: CommandOptions = {}): Observable<string> {
  return fromAbortable((signal) => runCommand(file, args, signal, options));
}

/**
 * Runs `file` without a shell and resolves its stdout; the signal kills it. node:child_process is loaded with the first
 * command, so the collectors that read only files never load it.
 */
export async function runCommand(file: string, args: readonly string[], signal: AbortSignal, options: CommandOptions = {}):
  Promise<string> {
  const { execFile } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    execFile(file, args, {
      signal, timeout: options.timeoutMs ?? 0, killSignal: 'SIGKILL', maxBuffer: options.maxBuffer ?? 4 << 20,
      encoding: 'utf8',
    }, (error, stdout, stderr) => {
      if (error === null) {
        resolve(stdout);
        return;
      }
      const detail = stderr.trim().split('\n').at(-1) ?? '';
      reject(new CommandError(file, args, (error as NodeJS.ErrnoException).code, detail !== '' ? detail : error.message));
    });
  });
}
