import type { RateCounter } from '../../src/ports.js';

/**
 * The rate counter in memory: counts per person and minute as the Redis one does. `down`: every hit
 * fails as on a closed Redis connection.
 */
export function createMemoryRateCounter(options: { down?: boolean } = {}) {
  const counts = new Map<string, number>();
  return {
    counts,
    rateCounter: {
      async hit(userId, limit, nowMs) {
        if (options.down) throw new Error('Connection is closed.');
        const key = `${userId}:${Math.floor(nowMs / 60_000)}`;
        const count = (counts.get(key) ?? 0) + 1;
        counts.set(key, count);
        return count <= limit;
      },
    } satisfies RateCounter,
  };
}
