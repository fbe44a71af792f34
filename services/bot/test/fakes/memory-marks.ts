import type { MarkStore } from '../../src/ports.js';

/** A command job's marks in memory (lifetimes are not kept: a test never outlives them). */
export function createMemoryMarks(initial: Record<string, string> = {}) {
  const marks = new Map(Object.entries(initial));
  return {
    values: marks,
    marks: {
      async remember(key, value, _ttlSeconds) {
        marks.set(key, value);
      },
      async recall(key) {
        return marks.get(key) ?? null;
      },
    } satisfies MarkStore,
  };
}
