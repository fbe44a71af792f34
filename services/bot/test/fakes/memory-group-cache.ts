import type { GroupCache } from '../../src/ports.js';

/** The user-group cache in memory (it never expires: a test never outlives it). */
export function createMemoryGroupCache(initial: Record<string, string[]> = {}) {
  const members = new Map(Object.entries(initial));
  return {
    members,
    groups: {
      async get(groupId) {
        return members.get(groupId) ?? null;
      },
      async set(groupId, list) {
        members.set(groupId, list);
      },
    } satisfies GroupCache,
  };
}
