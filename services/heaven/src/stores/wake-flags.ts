import { type Redis, redisKey } from '@chatops/shared/runtime';

/**
 * Wake flags: a deployment's job may be running when it is woken, so the wake is also written down
 * (for an hour, under `<prefix>:heaven:wake:<id>`) and read when the job asks to be run again later.
 */
export function createWakeFlags(redis: Redis, prefix: string) {
  const key = (id: number) => redisKey(prefix, 'heaven', 'wake', id);
  return {
    async set(id: number): Promise<void> {
      await redis.set(key(id), '1', 'EX', 3600);
    },
    async take(id: number): Promise<boolean> {
      return (await redis.del(key(id))) === 1;
    },
  };
}

export type WakeFlags = ReturnType<typeof createWakeFlags>;
