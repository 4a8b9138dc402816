import type { LoggerService } from '@nestjs/common';
import { pino, type Logger } from 'pino';

/**
 * Structured JSON logs. Health data never belongs in a log line: fields that could carry a national ID or
 * a name are redacted wherever they appear in a logged object.
 */
export const createLogger = (level: string, name: string): Logger =>
  pino({
    level,
    base: { service: name },
    timestamp: pino.stdTimeFunctions.isoTime,
    redact: {
      paths: ['nationalId', 'patient', '*.nationalId', '*.patient', '*.*.nationalId', '*.*.patient', 'req.headers.authorization'],
      censor: '[redacted]',
    },
  });

/** Lets NestJS's own log calls go through pino. */
export class PinoNestLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}
  log(message: unknown, context?: string): void {
    this.logger.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string): void {
    this.logger.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string): void {
    this.logger.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string): void {
    this.logger.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string): void {
    this.logger.trace({ context }, String(message));
  }
}
