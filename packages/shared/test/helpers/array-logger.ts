import { pino, type Logger } from 'pino';

/** A pino logger whose lines are parsed into `lines` (level `debug` and up). */
export function arrayLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}
