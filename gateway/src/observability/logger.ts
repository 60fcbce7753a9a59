import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface LoggerOptions {
  /** @default "info" */
  level?: LogLevel;
  /** `service` field of every line. @default "retail360-gateway" */
  service?: string;
  /** Where lines go. @default stdout */
  destination?: DestinationStream;
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
    options.destination,
  );
}
