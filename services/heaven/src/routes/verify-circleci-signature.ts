import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * CircleCI's `circleci-signature: v1=<hex HMAC-SHA256(raw body)>`; the header may carry several
 * comma-separated entries (key rotation), one matching v1 entry is enough.
 */
export function verifyCircleciSignature(secret: string, rawBody: string, header: string | undefined): boolean {
  if (!header) return false;
  const expected = Buffer.from(createHmac('sha256', secret).update(rawBody).digest('hex'));
  return header
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith('v1='))
    .some((entry) => {
      const given = Buffer.from(entry.slice(3));
      return given.length === expected.length && timingSafeEqual(given, expected);
    });
}
