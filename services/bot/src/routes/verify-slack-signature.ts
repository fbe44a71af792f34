import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

const SLACK_MAX_SKEW_SECONDS = 300;

/**
 * Slack's v0 request signature over the raw body: `v0=hex(HMAC-SHA256(secret, "v0:ts:body"))`,
 * compared in constant time, with the timestamp within 5 minutes of `nowSec` either way.
 */
export function verifySlackSignature(input: {
  signingSecret: string;
  rawBody: string;
  timestamp: string | undefined;
  signature: string | undefined;
  nowSec: number;
}): SignatureCheck {
  const { signingSecret, rawBody, timestamp, signature, nowSec } = input;
  if (!timestamp || !signature) return { ok: false, reason: 'missing Slack signature headers' };
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'invalid Slack request timestamp' };
  if (Math.abs(nowSec - Number(timestamp)) > SLACK_MAX_SKEW_SECONDS)
    return { ok: false, reason: 'stale or future Slack request timestamp' };
  if (!signature.startsWith('v0=')) return { ok: false, reason: 'unknown Slack signature version' };
  const expected = Buffer.from(
    `v0=${createHmac('sha256', signingSecret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`,
  );
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected))
    return { ok: false, reason: 'Slack signature mismatch' };
  return { ok: true };
}
