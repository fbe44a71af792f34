import type { Redis } from 'ioredis';

/**
 * Slack's Retry-After, shared: after a 429 on a method, every job of every process holds that method
 * until the wait is over (Slack counts its limits per method and app, not per process).
 */
export type SlackRateHold = {
  /** Milliseconds left of a hold on `method`, 0 when it is free. */
  remaining(method: string): Promise<number>;
  hold(method: string, ms: number): Promise<void>;
};

export function createSlackRateHold(redis: Redis, prefix: string): SlackRateHold {
  const key = (method: string) => `${prefix}:slack:hold:${method}`;
  return {
    async remaining(method) {
      return Math.max(0, await redis.pttl(key(method)));
    },
    async hold(method, ms) {
      // A longer hold already there stays: GT keeps the later of the two ends.
      await redis.set(key(method), '1', 'PX', Math.max(1, Math.ceil(ms)), 'NX');
      await redis.pexpire(key(method), Math.max(1, Math.ceil(ms)), 'GT');
    },
  };
}
