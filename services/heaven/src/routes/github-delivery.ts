import { createHash } from 'node:crypto';

/** GitHub's delivery ids are GUIDs (`72d3162e-cc78-11e3-81ab-4c9367dc0958`): anything else is refused. */
const DELIVERY_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isDeliveryId(value: string): boolean {
  return DELIVERY_ID.test(value);
}

/**
 * The dedupe key of a webhook: the SHA-256 of its body. A redelivery carries the same body, and so
 * does a captured delivery replayed under new delivery ids (the signature covers the body only).
 */
export function bodyDigest(raw: string): string {
  return createHash('sha256').update(raw).digest('hex');
}
