import type { PayloadNonces } from '@chatops/shared/runtime';

/** Payload nonces in memory: the first deployment id to claim a nonce owns it. */
export function createMemoryNonces() {
  const owners = new Map<string, number>();
  return {
    owners,
    nonces: {
      async claim(nonce, deploymentId) {
        if (!owners.has(nonce)) owners.set(nonce, deploymentId);
        return owners.get(nonce) === deploymentId;
      },
    } satisfies PayloadNonces,
  };
}
