/**
 * Last-resort handlers for errors nothing caught, in Electron's main process and the browser host.
 * Without them a stray rejection ends the process (Node's default) and a stray throw shows
 * Electron's dialog with a stack that may hold a token; here both go through the redacting logger.
 *
 * - An unhandled rejection: a promise nobody awaited failed. No synchronous work was cut short, so
 *   the process logs it and keeps running.
 * - An uncaught exception: a synchronous call stack was abandoned half-way, and Node documents that
 *   resuming after it is unsafe. It is logged and the process exits (after a moment, so the log
 *   file's stream can flush). Nothing is lost: the renderer's database and main's files are written
 *   atomically, and the next launch resumes from the stored cursors.
 */
import type { Logger } from '../core/logger';

/** The part of `process` the guards use (a fake in tests). */
export interface GuardedProcess {
  on(event: 'uncaughtException', listener: (error: Error, origin: string) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

export interface ProcessGuardOptions {
  /** The logger to use at the moment of the error (main's appears once its services have started). */
  logger: () => Logger;
  /** Ends the process (`app.exit` in Electron, `process.exit` in the host). */
  exit: (code: number) => void;
  /** How long to let the log flush before exiting. */
  flushMs?: number;
}

/** One line: name, message and stack frames; the logger redacts every secret it knows. */
export function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}${e.stack ? ` | ${e.stack.split('\n').slice(1).map((l) => l.trim()).join(' | ')}` : ''}`;
  return `a non-error value (${typeof e})`; // its contents could be anything, a token included
}

export function installProcessGuards(proc: GuardedProcess, opts: ProcessGuardOptions): void {
  let exiting = false;
  const log = (line: string) => {
    try {
      opts.logger().error(line);
    } catch {
      // A logger that fails here has nowhere to report to; the guard itself must not throw.
    }
  };
  proc.on('unhandledRejection', (reason) => {
    log(`unhandled promise rejection (kept running): ${describeError(reason)}`);
  });
  proc.on('uncaughtException', (error, origin) => {
    log(`uncaught exception (${origin}; exiting): ${describeError(error)}`);
    if (exiting) return;
    exiting = true;
    setTimeout(() => opts.exit(1), opts.flushMs ?? 200);
  });
}
