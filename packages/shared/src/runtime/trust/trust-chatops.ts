import type { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { type ChatopsPayload, type SignedFor, verifyChatopsPayload } from '../../contracts/chatops-payload.js';

/** A signed chatops object counts for one deployment: the first to present its nonce. */
export type PayloadNonces = { claim(nonce: string, deploymentId: number): Promise<boolean> };

const NONCE_TTL_S = 90 * 24 * 3600;

export function createPayloadNonces(redis: Redis, prefix: string): PayloadNonces {
  const key = (nonce: string) => `${prefix}:payload-nonce:${nonce}`;
  return {
    async claim(nonce, deploymentId) {
      const id = String(deploymentId);
      if ((await redis.set(key(nonce), id, 'EX', NONCE_TTL_S, 'NX')) === 'OK') return true;
      return (await redis.get(key(nonce))) === id;
    },
  };
}

export type TrustDeps = { secret: string; nonces: PayloadNonces; log: Pick<Logger, 'warn'> };

/**
 * The chatops object of a deployment if the bot signed it for this deployment, else null: an
 * unsigned, altered or replayed one is treated exactly like a deployment made outside chat, with a
 * warning (routing, identity and lock ownership are never taken from it).
 */
export async function trustChatops(
  deployment: { id: number; payload: unknown } & Omit<SignedFor, 'repository'>,
  repository: string,
  deps: TrustDeps,
): Promise<ChatopsPayload | null> {
  const trust = verifyChatopsPayload(deployment.payload, { repository, ...deployment }, deps.secret);
  if (trust.kind === 'none') return null;
  if (trust.kind === 'forged') {
    deps.log.warn(
      { deploymentId: deployment.id, repository, reason: trust.reason },
      'deployment carries a chatops payload the bot did not sign for it; treated as made outside chat',
    );
    return null;
  }
  if (!(await deps.nonces.claim(trust.chatops.nonce, deployment.id))) {
    deps.log.warn(
      { deploymentId: deployment.id, repository },
      "deployment replays another deployment's signed chatops payload; treated as made outside chat",
    );
    return null;
  }
  return trust.chatops;
}
