import type { IncomingMessage, ServerResponse } from 'node:http';
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import { genRequestId } from './request-id.js';
import { tracingEnabled } from '../telemetry/tracing.js';
import { RequestLogController, type RequestLogOptions } from './request-log.js';

/** The Fastify app of every service. */
export type HttpApp = FastifyInstance<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger>;

/**
 * How long a request may take to arrive, whole (a body trickling in a byte at a time is cut off), and
 * how long a connection may sit idle. Slack and GitHub send small bodies at once and wait at most 3 s
 * and 10 s for the answer.
 */
export const HTTP_TIMEOUTS = { requestTimeoutMs: 10_000, connectionTimeoutMs: 15_000, keepAliveTimeoutMs: 5_000 };

export type HttpAppOptions = {
  logger: FastifyBaseLogger;
  bodyLimit?: number;
  /** One line per request (see RequestLogController). */
  requestLog?: RequestLogOptions;
  timeouts?: Partial<typeof HTTP_TIMEOUTS>;
};

/** A Fastify app with the project's request ids, request log and timeouts. No routes, no listen. */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const timeouts = { ...HTTP_TIMEOUTS, ...options.timeouts };
  const app = Fastify<RawServerDefault, IncomingMessage, ServerResponse, FastifyBaseLogger>({
    loggerInstance: options.logger,
    bodyLimit: options.bodyLimit,
    genReqId: genRequestId,
    logController: new RequestLogController(options.requestLog),
    requestTimeout: timeouts.requestTimeoutMs,
    connectionTimeout: timeouts.connectionTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    http: nodeRequestTimeouts(timeouts.requestTimeoutMs),
  });
  // While tracing is on, a server span per request (the official instrumentation, as a plugin: no
  // patching of modules, which ESM would not allow); the work a request enqueues continues its trace.
  // Loaded only then (Fastify awaits the import before the routes): off, not even the module is read.
  if (tracingEnabled())
    void app.register(
      import('@fastify/otel').then(({ FastifyOtelInstrumentation }) => ({
        default: new FastifyOtelInstrumentation({ ignorePaths: isProbe, requestHook }).plugin(),
      })),
    );
  // One answer for every failure: a 4xx says what was wrong, a 5xx hides its details (they are logged).
  app.setErrorHandler((error: { statusCode?: number; message: string }, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'request failed');
      return reply.code(status).send({ error: 'internal error' });
    }
    return reply.code(status).send({ error: error.message });
  });
  // Requests in flight when closing starts leave keep-alive connections behind: close them as they go idle.
  let sweep: NodeJS.Timeout | undefined;
  app.addHook('preClose', async () => {
    sweep = setInterval(() => app.server.closeIdleConnections(), 50);
  });
  app.addHook('onClose', async () => clearInterval(sweep));
  return app;
}

/** A server span is named `<method> <route>`, as OpenTelemetry's HTTP conventions ask. */
function requestHook(
  span: { updateName(name: string): void },
  request: { method: string; routeOptions: { url?: string } },
) {
  if (request.routeOptions.url) span.updateName(`${request.method} ${request.routeOptions.url}`);
}

/** Health, readiness and metrics scrapes make no spans. */
function isProbe(opts: { url: string }): boolean {
  return /^\/(healthz|readyz|metrics)(\?|$)/.test(opts.url);
}

/**
 * Node's own enforcement of `requestTimeout`, which Fastify's option alone does not give: Fastify sets
 * it on the server after creating it, where Node's headers timeout stays 60 s (longer than the
 * request's, so a trickling request is not cut), and Node looks for expired requests only every
 * 30 s. Given to the server's constructor: the headers timeout no longer than the request's, and a
 * check every quarter of the timeout (at most every second).
 */
function nodeRequestTimeouts(requestTimeoutMs: number) {
  if (requestTimeoutMs <= 0) return { requestTimeout: 0 }; // no timeout: Node's defaults for the rest
  return {
    requestTimeout: requestTimeoutMs,
    headersTimeout: Math.min(60_000, requestTimeoutMs),
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(requestTimeoutMs / 4))),
  };
}
