import type { Redis } from 'ioredis';
import {
  DEPLOYMENT_BUTTON_TTL_SECONDS,
  deploymentButtonSchema,
  type DeploymentButton,
  type DeploymentButtonStore,
} from '../../contracts/deployment-button.js';
import { redisKey } from '../redis/redis-keys.js';

/**
 * The meaning of the buttons on deployment messages, shared by the notifier (saves) and the bot
 * (reads, claims a press): `<prefix>:button:<id>` and `<prefix>:button-press:<id>:<user>`, both
 * kept 30 days.
 */
export function createDeploymentButtonStore(
  redis: Redis,
  prefix: string,
  ttlSeconds = DEPLOYMENT_BUTTON_TTL_SECONDS,
): DeploymentButtonStore {
  const key = (id: string) => redisKey(prefix, 'button', id);
  const read = (raw: string | null): DeploymentButton | null => {
    if (!raw) return null;
    try {
      const parsed = deploymentButtonSchema.safeParse(JSON.parse(raw));
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };
  return {
    async save(id, button) {
      await redis.set(key(id), JSON.stringify(button), 'EX', ttlSeconds);
    },
    async get(id) {
      return read(await redis.get(key(id)));
    },
    async claimPress(id, userId, press) {
      const k = redisKey(prefix, 'button-press', id, userId);
      if ((await redis.set(k, press, 'EX', ttlSeconds, 'NX')) === 'OK') return true;
      return (await redis.get(k)) === press;
    },
  };
}
