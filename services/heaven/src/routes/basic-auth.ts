import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export type AdminCredentials = { user: string; password: string };

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares two strings in constant time (both hashed first, so their lengths do not leak). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}

/** True when an `Authorization: Basic …` header carries these credentials. */
export function checkBasicAuth(header: string | undefined, creds: AdminCredentials): boolean {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? '');
  if (!m) return false;
  const decoded = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return false;
  const userOk = safeEqual(decoded.slice(0, colon), creds.user);
  const passwordOk = safeEqual(decoded.slice(colon + 1), creds.password);
  return userOk && passwordOk;
}

/** An onRequest hook: 401 with a Basic challenge unless the request carries the admin credentials. */
export function basicAuthHook(creds: AdminCredentials) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    if (checkBasicAuth(request.headers.authorization, creds)) return;
    return reply
      .code(401)
      .header('www-authenticate', 'Basic realm="chatops heaven", charset="UTF-8"')
      .send({ error: '[heaven] admin credentials required' });
  };
}
