import type { OnceKeys } from '../../src/ports.js';

/** OnceKeys in memory (lifetimes are not kept: a test never outlives them). */
export function createMemoryOnceKeys() {
  const keys = new Set<string>();
  return {
    keys,
    once: {
      async once(kind, id) {
        if (keys.has(`${kind}:${id}`)) return false;
        keys.add(`${kind}:${id}`);
        return true;
      },
      async forget(kind, id) {
        keys.delete(`${kind}:${id}`);
      },
    } satisfies OnceKeys,
  };
}
