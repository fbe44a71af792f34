import type { ConfirmationStore, PendingConfirmation } from '../../src/ports.js';

/** Pending confirmations in memory (lifetimes are not kept: a test never outlives them). */
export function createMemoryConfirmations() {
  const pending = new Map<string, PendingConfirmation>();
  return {
    pending,
    confirmations: {
      async save(id, confirmation, _ttlSeconds) {
        pending.set(id, structuredClone(confirmation));
      },
      async get(id) {
        return structuredClone(pending.get(id)) ?? null;
      },
      async take(id) {
        const taken = pending.get(id) ?? null;
        pending.delete(id);
        return taken;
      },
    } satisfies ConfirmationStore,
  };
}
