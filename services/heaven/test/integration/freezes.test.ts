import { afterEach, describe, expect, it } from '@jest/globals';
import { createFreezeStore } from '@chatops/shared/runtime';
import { checkSuiteEvent, repositoryObject, statusEvent, waitFor } from '@chatops/testkit';
import { startHarness, type Harness } from '../helpers/harness.js';

const repo = repositoryObject({ owner: 'acme', name: 'api' });

/** `YYYY-MM-DD HH:MM` (UTC) of an instant, as a one-off freeze's from/to. */
const wall = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ');

describe('heaven refuses a deployment during a freeze before its CI starts', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  const config = `
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: {}
      production:
        production: true
        freezes:
          - { from: 2020-01-01, to: 2099-01-01, time_zone: UTC, reason: Release freeze }
`;

  it('a deployment made in GitHub’s UI (no signed chat data) ends in error, with the end and the reason', async () => {
    h = await startHarness({ config });
    const id = await h.deploy({ environment: 'production', payload: {} });
    const status = await h.waitForState(id, 'error');
    expect(status.description).toBe('production is frozen until Thu 2099-01-01 00:00 UTC: Release freeze');
    expect(h.states(id)).toEqual(['error']);
    expect(h.circle.pipelines).toHaveLength(0);
  });

  it('a signed `force` without a reason is refused too; with a reason (an overrider) it runs', async () => {
    h = await startHarness({ config });
    const bare = await h.deploy({ environment: 'production', chatops: { forced: true } });
    await h.waitForState(bare, 'error');
    const forced = await h.deploy({ environment: 'production', chatops: { forced: true, force_reason: 'hotfix' } });
    await h.waitForState(forced, 'success');
    expect(h.circle.pipelines).toHaveLength(1);
    // Altered after signing (a reason added by hand): not trusted, so refused like a deployment made outside chat.
    const forged = await h.deploy({
      environment: 'production',
      payload: {
        chatops: { version: 1, app: 'api', forced: true, force_reason: 'me', signature: `v1=${'0'.repeat(64)}` },
      },
    });
    await h.waitForState(forged, 'error');
    expect(h.circle.pipelines).toHaveLength(1);
  });

  it('an ad-hoc freeze set from chat (Redis) refuses it too; staging is not frozen', async () => {
    h = await startHarness();
    const now = Date.now();
    await createFreezeStore(h.redis, h.prefix).set(
      {
        app: 'api',
        environment: 'staging',
        reason: 'incident 42',
        until: new Date(now + 3600_000).toISOString(),
        by: { slack_user_id: 'U0ALICE', name: 'alice' },
        at: new Date(now).toISOString(),
      },
      now,
    );
    const id = await h.deploy({ environment: 'staging', payload: {} });
    const status = await h.waitForState(id, 'error');
    expect(status.description).toMatch(
      /^staging is frozen until \w{3} \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC: incident 42$/,
    );
    const prod = await h.deploy({ environment: 'production', payload: {} });
    await h.waitForState(prod, 'success');
  });
});

describe('auto-deploy during a freeze', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('is held, not dropped: when the freeze ends, the newest green head is deployed once', async () => {
    const clock = { ms: Date.now(), now: () => clock.ms };
    const start = Math.floor(clock.ms / 60_000) * 60_000 - 3600_000;
    const end = start + 2 * 3600_000;
    h = await startHarness({
      config: `
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging:
        auto_deploy: true
        freezes:
          - { from: '${wall(start)}', to: '${wall(end)}', time_zone: UTC, reason: Quiet hours }
`,
      overrides: { clock },
    });
    const green = (sha: string) => {
      h.github.setCommitStatus('acme/api', sha, 'ci/test', 'success');
      h.github.setCheckSuites('acme/api', sha, ['success']);
    };
    const first = h.github.repos.get('acme/api')!.branches.get('main')!;
    green(first);
    await h.github.deliver('check_suite', checkSuiteEvent({ sha: first, branch: 'main', conclusion: 'success' }, repo));
    const held = `${h.prefix}:heaven:held-autodeploys`;
    await waitFor(async () => (await h.redis.hexists(held, 'acme/api:staging')) === 1, 'the held auto-deploy');
    // A newer head turns green during the freeze: still held, once.
    const newest = h.github.push('acme/api', 'main');
    green(newest);
    await h.github.deliver(
      'status',
      statusEvent({ sha: newest, state: 'success', context: 'ci/test', branches: ['main'] }, repo),
    );
    await waitFor(async () => (await greenJobsDone(h)) === 2, 'both green events');
    expect(h.github.deployments).toHaveLength(0);
    expect(await h.redis.hlen(held)).toBe(1);
    expect(await h.redis.ttl(held)).toBeGreaterThan(7 * 24 * 3600);

    clock.ms = end + 1000;
    const deployment = await waitFor(() => h.github.deployments[0], 'the deployment after the freeze');
    expect(deployment).toMatchObject({ environment: 'staging', sha: newest, ref: newest, task: 'deploy' });
    await h.waitForState(deployment.id, 'success');
    expect(await h.redis.exists(held)).toBe(0);
    // The green news again after the freeze: the head already runs there; nothing more.
    await h.github.deliver(
      'check_suite',
      checkSuiteEvent({ sha: newest, branch: 'main', conclusion: 'success' }, repo),
    );
    await waitFor(async () => (await greenJobsDone(h)) === 3, 'the third green event');
    expect(h.github.deployments).toHaveLength(1);
    expect(h.circle.pipelines).toHaveLength(1);
  });
});

/** The ci-events jobs of green commits that finished (CircleCI's news of a deployment's CI not counted). */
async function greenJobsDone(h: Harness): Promise<number> {
  const ids = await h.redis.zrange(`${h.prefix}:ci-events:completed`, 0, -1);
  return ids.filter((id) => id.startsWith('green-')).length;
}
