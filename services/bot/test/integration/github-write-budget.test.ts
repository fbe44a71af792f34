import { afterEach, describe, expect, it } from '@jest/globals';
import { githubIdentity } from '@chatops/shared/runtime';
import { createHarness, GITHUB_TOKEN, type Harness, settled } from '../helpers/harness.js';

/** The bot as createBot wires it: its GitHub writes go through the budget shared in Redis, and are counted. */
describe('the bot and the shared GitHub write budget', () => {
  let h: Harness | undefined;
  afterEach(async () => {
    await h?.close();
    h = undefined;
  });

  it('takes a slot in Redis for the deployment it creates and counts the write on /metrics', async () => {
    h = await createHarness({ env: { GITHUB_WRITE_INTERVAL_MS: '20' } });
    h.startWorker();
    const { trigger } = await h.command('backend to stg', { user_id: 'U0ALICE' });
    expect(await settled(h, trigger)).toBe('completed');
    expect(h.github.deployments).toHaveLength(1);

    const key = `${h.prefix}:github:write-budget:${githubIdentity({ token: GITHUB_TOKEN })}`;
    expect(await h.redis.zcard(`${key}:slots`)).toBe(1);
    expect(await h.redis.hexists(key, 'next')).toBe(1);
    const metrics = (await h.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).toContain(
      'chatops_github_writes_total{route="POST /repos/{owner}/{repo}/deployments",service="bot"} 1',
    );
    expect(metrics).toMatch(/^chatops_github_write_wait_seconds_count\{service="bot"\} 1$/m);
  });
});
