import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

const SAFE_ID = /^[A-Za-z0-9._:-]{1,100}$/;

/**
 * Fastify's request id (`reqId` on every log line of a request): the caller's `X-Request-Id` when
 * it is a short plain token (a proxy's id, so one grep spans the proxy and the service), else a
 * random UUID, unique across replicas and restarts (Fastify's default `req-1` is not).
 */
export function genRequestId(req: IncomingMessage): string {
  const header = req.headers['x-request-id'];
  return typeof header === 'string' && SAFE_ID.test(header) ? header : randomUUID();
}
