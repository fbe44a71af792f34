import type { FastifyInstance } from 'fastify';
import { nestedTooDeeply, WEBHOOK_BODY_LIMIT } from './body-limits.js';

/**
 * The route's scope takes `application/json` only, as the raw string (signatures are over the raw
 * body); any other content type is answered 415 by Fastify.
 */
export function acceptRawJson(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser(
    'application/json',
    { parseAs: 'string', bodyLimit: WEBHOOK_BODY_LIMIT },
    (_req, body, done) => done(null, body),
  );
}

/** A verified raw body as a JSON object, or why not (the 400 answer's error). */
export function parseJsonObject(
  raw: string,
): { ok: true; body: Record<string, unknown> } | { ok: false; error: string } {
  if (nestedTooDeeply(raw)) return { ok: false, error: 'body is nested too deeply' };
  try {
    const body: unknown = JSON.parse(raw);
    if (typeof body === 'object' && body !== null && !Array.isArray(body))
      return { ok: true, body: body as Record<string, unknown> };
  } catch {
    /* answered below */
  }
  return { ok: false, error: 'body is not a JSON object' };
}
