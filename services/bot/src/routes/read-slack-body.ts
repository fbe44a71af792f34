import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { verifySlackSignature } from './verify-slack-signature.js';

export type SlackRouteOptions = { signingSecret: string; nowSec: () => number };

/** Keeps every body as the raw string, so the signature is checked over the exact bytes Slack sent. */
export function addRawBodyParser(app: FastifyInstance): void {
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => done(null, body));
}

/**
 * Checks content type and signature; answers 415/401 itself and returns null, or returns the
 * form fields. `ssl_check=1` posts are answered 200 with nothing processed.
 */
export function readSignedForm(
  request: FastifyRequest,
  reply: FastifyReply,
  options: SlackRouteOptions,
): URLSearchParams | null {
  const type = String(request.headers['content-type'] ?? '');
  if (!type.startsWith('application/x-www-form-urlencoded')) {
    void reply
      .code(415)
      .send({ error: 'unsupported_media_type', message: 'expected application/x-www-form-urlencoded' });
    return null;
  }
  const raw = typeof request.body === 'string' ? request.body : '';
  const form = new URLSearchParams(raw);
  if (form.get('ssl_check') === '1') {
    void reply.code(200).send();
    return null;
  }
  return signed(request, reply, raw, options) ? form : null;
}

/**
 * The raw JSON body of a signed Slack request (the Events API): checks content type and signature
 * over the exact bytes; answers 415/401 itself and returns null.
 */
export function readSignedJson(
  request: FastifyRequest,
  reply: FastifyReply,
  options: SlackRouteOptions,
): string | null {
  const type = String(request.headers['content-type'] ?? '');
  if (!type.startsWith('application/json')) {
    void reply.code(415).send({ error: 'unsupported_media_type', message: 'expected application/json' });
    return null;
  }
  const raw = typeof request.body === 'string' ? request.body : '';
  return signed(request, reply, raw, options) ? raw : null;
}

/** Slack's v0 signature over `raw`; answers 401 itself when it does not hold. */
function signed(request: FastifyRequest, reply: FastifyReply, raw: string, options: SlackRouteOptions): boolean {
  const check = verifySlackSignature({
    signingSecret: options.signingSecret,
    rawBody: raw,
    timestamp: header(request, 'x-slack-request-timestamp'),
    signature: header(request, 'x-slack-signature'),
    nowSec: options.nowSec(),
  });
  if (!check.ok) void reply.code(401).send({ error: 'invalid_signature', message: check.reason });
  return check.ok;
}

export function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function badRequest(reply: FastifyReply, message: string): FastifyReply {
  return reply.code(400).send({ error: 'malformed_body', message });
}
