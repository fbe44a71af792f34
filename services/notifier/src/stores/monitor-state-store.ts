import { redisKey } from '@chatops/shared/runtime';
import type { Redis } from 'ioredis';
import { monitorStateSchema, type MonitorState } from '../health/monitor-transition.js';
import type { MonitorStateStore } from '../ports.js';

const TTL_SECONDS = 30 * 24 * 3600;

const monitorStateKey = (prefix: string, app: string, environment: string) =>
  redisKey(prefix, 'notifier', 'monitor', app, environment);

/** Each monitored environment's state, in Redis (`<prefix>:notifier:monitor:<app>:<env>`). */
export function createMonitorStateStore(redis: Redis, prefix: string): MonitorStateStore {
  return {
    async get(app, environment) {
      const raw = await redis.get(monitorStateKey(prefix, app, environment));
      if (!raw) return null;
      try {
        const parsed = monitorStateSchema.safeParse(JSON.parse(raw));
        return parsed.success ? parsed.data : null;
      } catch {
        return null;
      }
    },
    async save(app, environment, state: MonitorState) {
      await redis.set(monitorStateKey(prefix, app, environment), JSON.stringify(state), 'EX', TTL_SECONDS);
    },
  };
}
