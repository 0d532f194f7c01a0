import type { FastifyBaseLogger } from 'fastify';
import pino from 'pino';

export type Logger = FastifyBaseLogger;

/** The process logger (pino); Fastify's request loggers are its children. */
export function createLogger(level: string): Logger {
  return pino({ level }) as unknown as Logger;
}
