import type { Redis } from 'ioredis';
import {
  reviewEnvironmentSchema,
  type ReviewEnvironment,
  type ReviewEnvironmentStore,
} from '../../contracts/review-environment.js';
import { redisKey } from '../redis/redis-keys.js';

/** A record outlives the longest `ttl_hours` (90 days) by 10: a forgotten one ends by itself. */
const KEEP_SECONDS = 100 * 24 * 3600;

/**
 * The live review environments: a hash per repository + GitHub environment
 * (`<prefix>:review:<repository>:<environment>`) and an index sorted by creation (`<prefix>:reviews`).
 * heaven writes them; the bot lists them. The teardown is claimed with HSETNX: once for any heaven.
 */
export function createReviewEnvironmentStore(redis: Redis, prefix: string): ReviewEnvironmentStore {
  const member = (repository: string, environment: string) => `${repository.toLowerCase()}:${environment}`;
  const key = (m: string) => redisKey(prefix, 'review', m);
  const index = redisKey(prefix, 'reviews');
  const read = (hash: Record<string, string>): ReviewEnvironment | null => {
    if (!hash.repository) return null;
    try {
      const { teardown, pr, ...rest } = hash;
      const parsed = reviewEnvironmentSchema.safeParse({
        ...rest,
        created_at: Number(rest.created_at),
        last_deploy_at: Number(rest.last_deploy_at),
        last_deployment_id: Number(rest.last_deployment_id),
        ...(pr ? { pr: Number(pr) } : {}),
        ...(teardown ? { teardown: JSON.parse(teardown) } : {}),
      });
      return parsed.success ? parsed.data : null;
    } catch {
      return null;
    }
  };
  return {
    async touch(d, at) {
      const m = member(d.repository, d.environment);
      await redis
        .multi()
        .hsetnx(key(m), 'created_at', String(at))
        .hset(key(m), {
          repository: d.repository,
          app: d.app,
          config_environment: d.config_environment,
          environment: d.environment,
          branch: d.branch,
          sha: d.sha,
          last_deploy_at: String(d.last_deploy_at),
          last_deployment_id: String(d.last_deployment_id),
          ...(d.channel ? { channel: d.channel } : {}),
        })
        .expire(key(m), KEEP_SECONDS)
        .zadd(index, 'NX', at, m)
        .exec();
    },
    async get(repository, environment) {
      return read(await redis.hgetall(key(member(repository, environment))));
    },
    async list() {
      const members = await redis.zrange(index, 0, -1);
      const found: ReviewEnvironment[] = [];
      for (const m of members) {
        const record = read(await redis.hgetall(key(m)));
        if (record) found.push(record);
        else await redis.zrem(index, m);
      }
      return found;
    },
    async claimTeardown(repository, environment, { pr, ...teardown }) {
      const k = key(member(repository, environment));
      if (!(await redis.exists(k))) return false;
      const claimed = (await redis.hsetnx(k, 'teardown', JSON.stringify(teardown))) === 1;
      if (claimed) await redis.expire(k, KEEP_SECONDS);
      if (claimed && pr !== undefined) await redis.hset(k, 'pr', String(pr));
      return claimed;
    },
    async setDestroy(repository, environment, destroyId) {
      const k = key(member(repository, environment));
      const raw = await redis.hget(k, 'teardown');
      if (!raw) return;
      await redis.hset(k, 'teardown', JSON.stringify({ ...JSON.parse(raw), destroy_id: destroyId }));
    },
    async remove(repository, environment) {
      const m = member(repository, environment);
      await redis.multi().del(key(m)).zrem(index, m).exec();
    },
  };
}
