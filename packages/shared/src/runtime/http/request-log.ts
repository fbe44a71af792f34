import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

export type RequestLogOptions = {
  /** A request slower than this (ms) is logged at info even when it succeeded. */
  slowMs?: number;
  /**
   * Request headers copied into the line when present, header name → field
   * (e.g. `{ 'x-github-delivery': 'deliveryId' }`).
   */
  headers?: Readonly<Record<string, string>>;
  /** Routes whose every request is logged at info at least (rare, important ones with no line of their own). */
  infoRoutes?: readonly string[];
};

export const SLOW_REQUEST_MS = 1000;

/** The level of a finished request's line: quiet (debug) for a quick success, louder otherwise. Pure. */
export function requestLogLevel(
  statusCode: number,
  elapsedMs: number,
  slowMs = SLOW_REQUEST_MS,
  atLeastInfo = false,
): 'debug' | 'info' | 'warn' {
  if (statusCode >= 500) return 'warn';
  if (statusCode >= 400 || elapsedMs >= slowMs || atLeastInfo) return 'info';
  return 'debug';
}

/**
 * Fastify's request logging, one line per request instead of two (`Fastify({ logController: new
 * RequestLogController(…) })`): no "incoming request" line; "request completed" (with the request
 * id of the request's logger, method, url, status, time, client address and the named headers) at
 * debug for a quick 2xx/3xx, whose handler has its own line saying what it did, at info for a 4xx,
 * a slow request or one of `infoRoutes`, at warn for a 5xx; "request errored" at error as before.
 * Fastify's other lines (route not found, serializer errors, …) are unchanged.
 */
export class RequestLogController extends LogController {
  private readonly slowMs: number;
  private readonly headers: ReadonlyArray<readonly [string, string]>;
  private readonly infoRoutes: ReadonlySet<string>;

  constructor(options: RequestLogOptions = {}) {
    super();
    this.slowMs = options.slowMs ?? SLOW_REQUEST_MS;
    this.headers = Object.entries(options.headers ?? {}).map(([name, field]) => [name.toLowerCase(), field] as const);
    this.infoRoutes = new Set(options.infoRoutes ?? []);
  }

  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) {
      reply.log.error({ ...this.line(request, reply), err: error }, 'request errored');
      return;
    }
    const loud = this.infoRoutes.size > 0 && this.infoRoutes.has(request.routeOptions.url ?? '');
    const level = requestLogLevel(reply.statusCode, reply.elapsedTime, this.slowMs, loud);
    if (level === 'debug' && !debugEnabled(request)) return;
    reply.log[level](this.line(request, reply), 'request completed');
  }

  private line(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
    const line: Record<string, unknown> = {
      method: request.method,
      url: request.url,
      statusCode: reply.statusCode,
      responseTime: Math.round(reply.elapsedTime * 10) / 10,
      remoteAddress: request.ip,
    };
    for (const [name, field] of this.headers) {
      const value = request.headers[name];
      if (typeof value === 'string' && value !== '') line[field] = value.slice(0, 200);
    }
    return line;
  }
}

/** Whether the request's logger writes debug lines (pino's isLevelEnabled; a logger without it: yes). */
function debugEnabled(request: FastifyRequest): boolean {
  const log = request.log as { isLevelEnabled?: (level: string) => boolean };
  return log.isLevelEnabled ? log.isLevelEnabled('debug') : true;
}
