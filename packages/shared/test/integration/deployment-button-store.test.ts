import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { Redis } from 'ioredis';
import type { DeploymentButton } from '@chatops/shared/contracts';
import { createDeploymentButtonStore } from '@chatops/shared/runtime';
import { deleteKeysWithPrefix, REDIS_URL, testPrefix } from '@chatops/testkit';

const button: DeploymentButton = {
  action: 'promote',
  deployment_id: 42,
  repository: 'acme/api',
  app: 'api',
  environment: 'staging',
  github_environment: 'staging',
  sha: 'a'.repeat(40),
  ref: 'main',
  target_environment: 'production',
  created_at: '2030-01-01T10:00:00.000Z',
};

describe('createDeploymentButtonStore (Redis)', () => {
  let redis: Redis;
  let prefix: string;
  beforeEach(() => {
    redis = new Redis(REDIS_URL);
    prefix = testPrefix('buttons');
  });
  afterEach(async () => {
    await deleteKeysWithPrefix(redis, prefix);
    await redis.quit();
  });

  it('keeps what a button means under the prefix for 30 days, and reads it back', async () => {
    const store = createDeploymentButtonStore(redis, prefix);
    await store.save('b1', button);
    expect(await store.get('b1')).toEqual(button);
    const ttl = await redis.ttl(`${prefix}:button:b1`);
    expect(ttl).toBeGreaterThan(30 * 24 * 3600 - 60);
    expect(ttl).toBeLessThanOrEqual(30 * 24 * 3600);
    expect(await store.get('b2')).toBeNull();
  });

  it('reads an unreadable or foreign value as no button', async () => {
    const store = createDeploymentButtonStore(redis, prefix);
    await redis.set(`${prefix}:button:bad`, '{not json');
    await redis.set(`${prefix}:button:odd`, JSON.stringify({ ...button, action: 'delete-everything' }));
    expect(await store.get('bad')).toBeNull();
    expect(await store.get('odd')).toBeNull();
  });

  it("claims a person's press of a button once: the same press again is still theirs, a later one is not", async () => {
    const store = createDeploymentButtonStore(redis, prefix);
    expect(await store.claimPress('b1', 'U0ALICE', 'press-1')).toBe(true);
    expect(await store.claimPress('b1', 'U0ALICE', 'press-1')).toBe(true);
    expect(await store.claimPress('b1', 'U0ALICE', 'press-2')).toBe(false);
    // Another person, or another button, is another claim.
    expect(await store.claimPress('b1', 'U0BOB', 'press-3')).toBe(true);
    expect(await store.claimPress('b2', 'U0ALICE', 'press-4')).toBe(true);
    expect(await redis.ttl(`${prefix}:button-press:b1:U0ALICE`)).toBeGreaterThan(0);
  });
});
