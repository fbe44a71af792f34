import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import type { ReviewDeployment } from '@chatops/shared/contracts';
import { createReviewEnvironmentStore } from '@chatops/shared/runtime';
import { deleteKeysWithPrefix, REDIS_URL, testPrefix } from '@chatops/testkit';

const deployment = (over: Partial<ReviewDeployment> = {}): ReviewDeployment => ({
  repository: 'Acme/API',
  app: 'api',
  config_environment: 'review',
  environment: 'review-feat-x',
  branch: 'feat/x',
  sha: 'a'.repeat(40),
  last_deploy_at: 2_000,
  last_deployment_id: 7,
  channel: 'C0REVIEW',
  ...over,
});

describe('createReviewEnvironmentStore (Redis)', () => {
  let redis: Redis;
  let prefix: string;
  beforeEach(() => {
    redis = new Redis(REDIS_URL);
    prefix = testPrefix('reviews');
  });
  afterEach(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('keeps when it was made, updates the last deployment, lists oldest first, forgets', async () => {
    const store = createReviewEnvironmentStore(redis, prefix);
    await store.touch(deployment(), 2_000);
    await store.touch(deployment({ environment: 'review-b', last_deploy_at: 3_000, last_deployment_id: 9 }), 3_000);
    await store.touch(deployment({ last_deploy_at: 5_000, last_deployment_id: 11, sha: 'b'.repeat(40) }), 5_000);
    expect(await store.get('acme/api', 'review-feat-x')).toEqual({
      ...deployment(),
      sha: 'b'.repeat(40),
      created_at: 2_000,
      last_deploy_at: 5_000,
      last_deployment_id: 11,
    });
    expect((await store.list()).map((r) => r.environment)).toEqual(['review-feat-x', 'review-b']);
    expect(await redis.ttl(`${prefix}:review:acme/api:review-feat-x`)).toBeGreaterThan(99 * 24 * 3600);
    await store.remove('acme/api', 'review-feat-x');
    expect(await store.get('acme/api', 'review-feat-x')).toBeNull();
    expect((await store.list()).map((r) => r.environment)).toEqual(['review-b']);
  });

  it('gives the teardown to one claim only, of many at once', async () => {
    const store = createReviewEnvironmentStore(redis, prefix);
    await store.touch(deployment(), 2_000);
    const claims = await Promise.all(
      (['expired', 'pr-merged', 'branch-deleted', 'expired'] as const).map((reason, i) =>
        createReviewEnvironmentStore(redis, prefix).claimTeardown('acme/api', 'review-feat-x', {
          reason,
          at: 10_000 + i,
          ...(reason === 'pr-merged' ? { pr: 4 } : {}),
        }),
      ),
    );
    expect(claims.filter(Boolean)).toHaveLength(1);
    const won = (await store.get('acme/api', 'review-feat-x'))!;
    await store.setDestroy('acme/api', 'review-feat-x', 99);
    expect((await store.get('acme/api', 'review-feat-x'))?.teardown).toEqual({ ...won.teardown, destroy_id: 99 });
  });

  it('claims nothing of an environment it does not know', async () => {
    const store = createReviewEnvironmentStore(redis, prefix);
    expect(await store.claimTeardown('acme/api', 'review-none', { reason: 'expired', at: 1 })).toBe(false);
    expect(await redis.exists(`${prefix}:review:acme/api:review-none`)).toBe(0);
    expect(await store.list()).toEqual([]);
  });
});
