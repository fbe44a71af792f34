import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { signChatopsPayload, type UnsignedChatops } from '@chatops/shared/contracts';
import { createPayloadNonces, trustChatops } from '@chatops/shared/runtime';
import { arrayLogger } from '../helpers/array-logger.js';
import { testRedis } from '../helpers/redis.js';

const redis = testRedis();
afterEach(() => redis.cleanup());
afterAll(() => redis.quit());

const SECRET = 'chatops-payload-secret-0123456789';
const chatops: UnsignedChatops = {
  version: 1,
  app: 'api',
  requester: { slack_user_id: 'U1', name: 'alice' },
  nonce: 'abcdef0123456789abcdef0123456789',
};
const deploymentOf = (id: number, payload: unknown) => ({
  id,
  payload,
  environment: 'production',
  ref: 'main',
  task: 'deploy',
});
const signed = signChatopsPayload(
  chatops,
  { repository: 'acme/api', environment: 'production', ref: 'main', task: 'deploy' },
  SECRET,
);

function depsOf(prefix: string) {
  const { logger, lines } = arrayLogger();
  return { deps: { secret: SECRET, nonces: createPayloadNonces(redis.redis, prefix), log: logger }, lines };
}

describe('trustChatops', () => {
  it('trusts a signed payload for its first deployment (also redelivered), not for a second one', async () => {
    const prefix = redis.prefix();
    const { deps, lines } = depsOf(prefix);
    expect(await trustChatops(deploymentOf(101, { chatops: signed }), 'acme/api', deps)).toEqual(signed);
    expect(await trustChatops(deploymentOf(101, { chatops: signed }), 'acme/api', deps)).toEqual(signed);
    expect(lines).toEqual([]);

    expect(await trustChatops(deploymentOf(102, { chatops: signed }), 'acme/api', deps)).toBeNull();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        deploymentId: 102,
        repository: 'acme/api',
        msg: "deployment replays another deployment's signed chatops payload; treated as made outside chat",
      }),
    ]);
    // The nonce is claimed in Redis, under the prefix, by the first deployment.
    expect(await redis.redis.get(`${prefix}:payload-nonce:${signed.nonce}`)).toBe('101');
    expect(await redis.redis.ttl(`${prefix}:payload-nonce:${signed.nonce}`)).toBeGreaterThan(89 * 24 * 3600);
  });

  it('sees the claim from another process (another PayloadNonces on the same prefix)', async () => {
    const prefix = redis.prefix();
    expect(await trustChatops(deploymentOf(201, { chatops: signed }), 'acme/api', depsOf(prefix).deps)).toEqual(signed);
    const other = depsOf(prefix);
    expect(await trustChatops(deploymentOf(202, { chatops: signed }), 'acme/api', other.deps)).toBeNull();
    expect(other.lines).toHaveLength(1);
  });

  it('treats a forged payload as made outside chat, with a warning naming the reason; claims nothing', async () => {
    const prefix = redis.prefix();
    const { deps, lines } = depsOf(prefix);
    const altered = { chatops: { ...signed, requester: { slack_user_id: 'U666', name: 'mallory' } } };
    expect(await trustChatops(deploymentOf(301, altered), 'acme/api', deps)).toBeNull();
    expect(await trustChatops(deploymentOf(302, { chatops: signed }), 'acme/web', deps)).toBeNull();
    expect(lines).toEqual([
      expect.objectContaining({
        level: 40,
        deploymentId: 301,
        repository: 'acme/api',
        reason: 'signature does not verify',
        msg: 'deployment carries a chatops payload the bot did not sign for it; treated as made outside chat',
      }),
      expect.objectContaining({ deploymentId: 302, repository: 'acme/web', reason: 'signature does not verify' }),
    ]);
    expect(JSON.stringify(lines)).not.toContain(SECRET);
    expect(await redis.redis.keys(`${prefix}*`)).toEqual([]);
  });

  it('returns null without a warning for a deployment made outside chat', async () => {
    const { deps, lines } = depsOf(redis.prefix());
    expect(await trustChatops(deploymentOf(401, { something: 'else' }), 'acme/api', deps)).toBeNull();
    expect(await trustChatops(deploymentOf(402, null), 'acme/api', deps)).toBeNull();
    expect(lines).toEqual([]);
  });
});
