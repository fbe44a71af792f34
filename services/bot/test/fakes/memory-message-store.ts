import type { MessageRef, MessageStore } from '@chatops/shared/contracts';

/** Message references in memory, by key (`trigger-…`, `deployment-…`). */
export function createMemoryMessageStore() {
  const refs = new Map<string, MessageRef>();
  return {
    refs,
    messages: {
      async get(key) {
        return refs.get(key) ?? null;
      },
      async set(key, ref) {
        refs.set(key, ref);
      },
      async delete(key) {
        refs.delete(key);
      },
    } satisfies MessageStore,
  };
}
