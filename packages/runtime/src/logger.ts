import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';

export type { Logger };

/** Paths that may hold secrets or personal data; pino replaces them before anything is written. */
const REDACT = [
  'req.headers.authorization',
  'req.headers["x-feedloop-key"]',
  'req.query.key',
  'headers.authorization',
  '*.secret',
  '*.secrets',
  '*.token',
  '*.apiToken',
  '*.email',
  'record.user',
  'record.comment',
];

export function createLogger(options: LoggerOptions = {}, destination?: DestinationStream): Logger {
  const settings = { level: process.env.LOG_LEVEL ?? 'info', redact: { paths: REDACT, censor: '[redacted]' }, ...options };
  return destination ? pino(settings, destination) : pino(settings);
}
