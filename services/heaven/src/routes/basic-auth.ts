import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { LoginLimiter } from '../ports.js';

export type AdminCredentials = { user: string; password: string };

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Compares two strings in constant time (both hashed first, so their lengths do not leak). */
function safeEqual(a: string, b: string): boolean {
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

/**
 * An onRequest hook: 401 with a Basic challenge unless the request carries the admin credentials. A
 * wrong `Authorization` counts as a failed login of the client's address; an address over the limit
 * gets 429 with Retry-After, whatever it sends, until its window is over.
 */
export function basicAuthHook(creds: AdminCredentials, limiter: LoginLimiter) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    const waitS = await limiter.retryAfterS(request.ip);
    if (waitS > 0)
      return reply
        .code(429)
        .header('retry-after', String(waitS))
        .send({ error: `too many failed logins from this address; try again in ${waitS} s` });
    if (checkBasicAuth(request.headers.authorization, creds)) return;
    if (request.headers.authorization !== undefined) await limiter.recordFailure(request.ip);
    return reply
      .code(401)
      .header('www-authenticate', 'Basic realm="chatops heaven", charset="UTF-8"')
      .send({ error: 'admin credentials required' });
  };
}
