import { afterEach, describe, expect, it } from '@jest/globals';
import { githubIdentity } from '@chatops/shared/runtime';
import { GITHUB_TOKEN, type Harness, startHarness } from '../helpers/harness.js';

/** heaven as wired by createHeaven: its GitHub writes go through the budget shared in Redis, and are counted. */
describe('heaven and the shared GitHub write budget', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('takes a slot in Redis for each status it posts and counts the writes on /metrics', async () => {
    h = await startHarness({ env: { GITHUB_WRITE_INTERVAL_MS: '20' } });
    const id = await h.deploy({});
    await h.waitForState(id, 'success');
    expect(h.states(id)).toEqual(['in_progress', 'success']);

    const slots = `${h.prefix}:github:write-budget:${githubIdentity({ token: GITHUB_TOKEN })}:slots`;
    expect(await h.redis.zcard(slots)).toBe(2);
    const metrics = await (await fetch(`${h.url}/metrics`)).text();
    expect(metrics).toContain(
      'chatops_github_writes_total{route="POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses",' +
        'service="heaven"} 2',
    );
    expect(metrics).toMatch(/^chatops_github_write_wait_seconds_count\{service="heaven"\} 2$/m);
  });

  it('holds its writes while another replica of the identity was told to wait', async () => {
    h = await startHarness({ env: { GITHUB_WRITE_INTERVAL_MS: '20' } });
    // Another process got a Retry-After of 2 s: the pause is the identity's, in Redis.
    const until = await pauseBudget(h, 2_000);
    const id = await h.deploy({});
    await h.waitForState(id, 'success');
    const statuses = h.github.received('POST', /\/deployments\/\d+\/statuses$/).map((r) => r.at);
    expect(statuses).toHaveLength(2);
    expect(statuses[0]!).toBeGreaterThanOrEqual(until);
  });

  it('delays the job when the pause is past GITHUB_WRITE_MAX_WAIT_MS: the CI runs once, the status later', async () => {
    h = await startHarness({ env: { GITHUB_WRITE_INTERVAL_MS: '20', GITHUB_WRITE_MAX_WAIT_MS: '300' } });
    const until = await pauseBudget(h, 1_500);
    const id = await h.deploy({});
    await h.waitForState(id, 'success');
    expect(h.states(id)).toEqual(['in_progress', 'success']);
    expect(h.github.received('POST', /\/deployments\/\d+\/statuses$/)[0]!.at).toBeGreaterThanOrEqual(until);
    expect(h.circle.pipelines).toHaveLength(1);
  });
});

/** Pauses the identity's budget as a Retry-After to another replica would; returns the pause's end (ms). */
async function pauseBudget(h: Harness, ms: number): Promise<number> {
  const state = `${h.prefix}:github:write-budget:${githubIdentity({ token: GITHUB_TOKEN })}`;
  const [seconds, micros] = await h.redis.time();
  const until = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) + ms;
  await h.redis.hset(state, 'pause', until);
  return until;
}
