import type { PayloadNonces } from '@chatops/shared/runtime';

/** PayloadNonces in memory: a nonce counts for the first deployment that presents it. */
export function createMemoryNonces(): PayloadNonces {
  const owners = new Map<string, number>();
  return {
    async claim(nonce, deploymentId) {
      const owner = owners.get(nonce);
      if (owner === undefined) owners.set(nonce, deploymentId);
      return (owner ?? deploymentId) === deploymentId;
    },
  };
}
