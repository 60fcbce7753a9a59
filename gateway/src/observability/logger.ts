import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerOptions {
  /** @default "info" */
  level?: LogLevel;
  /** `service` field of every line. @default "retail360-gateway" */
  service?: string;
  /** Where lines go. @default stdout, buffered (see `stdoutDestination`) */
  destination?: DestinationStream;
}

/** Bytes gathered before a write to stdout. */
const STDOUT_BUFFER_BYTES = 4096;
/** A quiet process still shows its lines within this time. */
const STDOUT_FLUSH_MS = 1000;

let stdout: ReturnType<typeof pino.destination> | undefined;

/**
 * The process's one stdout destination, buffered: lines are gathered to 4 KB and written with one
 * system call instead of one write per request line (profiles showed the write path at the top of
 * the gateway's CPU). The writes stay synchronous: with pino's asynchronous mode the chunk being
 * written when `process.exit` runs is lost (test/ops/bufferedLog.test.ts saw 37 of 50 lines go), and
 * the gateway exits that way after draining. What is buffered is written on exit and at least
 * every second, so a quiet process's lines still appear; a SIGKILL loses at most that. Shared, so
 * every logger (and every stack a test starts) uses one stream and one timer.
 */
export function stdoutDestination(): ReturnType<typeof pino.destination> {
  if (stdout) return stdout;
  const destination = pino.destination({ dest: 1, sync: true, minLength: STDOUT_BUFFER_BYTES });
  process.on('exit', () => {
    try {
      destination.flushSync();
    } catch {
      // stdout already closed: nothing left to write to.
    }
  });
  setInterval(() => {
    try {
      destination.flush();
    } catch {
      // Not ready or already closed: the next tick or the exit flush writes it.
    }
  }, STDOUT_FLUSH_MS).unref();
  stdout = destination;
  return destination;
}

/**
 * The process's one JSON-lines logger. Request lines carry ids, names, roles, timings and
 * codes only: variables, response bodies and credentials are never handed to it, and the
 * redaction below is a second fence in case someone does.
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: { service: options.service ?? 'retail360-gateway', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [
          'variables',
          'body',
          'query',
          'headers.authorization',
          'headers.cookie',
          'headers["x-api-key"]',
          '*.variables',
          '*.password',
          '*.token',
        ],
        remove: true,
      },
    },
    options.destination ?? stdoutDestination(),
  );
}
