import type { DeploymentButton, DeploymentButtonStore } from '@chatops/shared/contracts';

/** The shared DeploymentButtonStore in memory (for unit tests of the services); `saved` shows what was saved. */
export function createMemoryButtonStore(): DeploymentButtonStore & { saved: Map<string, DeploymentButton> } {
  const saved = new Map<string, DeploymentButton>();
  const presses = new Map<string, string>();
  return {
    saved,
    async save(id, button) {
      saved.set(id, structuredClone(button));
    },
    async get(id) {
      return saved.get(id) ?? null;
    },
    async claimPress(id, userId, press) {
      const key = `${id}:${userId}`;
      if (!presses.has(key)) presses.set(key, press);
      return presses.get(key) === press;
    },
  };
}
