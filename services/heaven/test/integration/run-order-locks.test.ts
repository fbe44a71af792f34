import { afterEach, describe, expect, it } from '@jest/globals';
import { startHarness, type Harness } from '../helpers/harness.js';

const slow = (ms: number) => ({
  plan: () => ({ workflows: [{ name: 'deploy', status: 'success' as const, durationMs: ms }] }),
});

describe('heaven run order, locks, timeouts and cancel', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it('runs two deployments to one environment one after the other; the second waits, saying for what', async () => {
    // Long enough for the second to wait past HEAVEN_POLL_MAX_MS (150 ms here), when it says queued.
    h = await startHarness({ circle: slow(1000) });
    const first = await h.deploy({ ref: 'main' });
    await h.waitForState(first, 'in_progress');
    const second = await h.deploy({ ref: 'main' });
    const queued = await h.waitForState(second, 'queued');
    expect(queued.description).toBe(`waiting for deployment #${first} (main) to finish`);
    expect(h.circle.pipelines).toHaveLength(1);
    const firstDone = await h.waitForState(first, 'success');
    await h.waitForState(second, 'success');
    expect(h.states(second)).toEqual(['queued', 'in_progress', 'success']);
    expect(h.circle.pipelines).toHaveLength(2);
    expect(h.circle.pipelines[1]!.parameters.chatops_deployment_id).toBe(second);
    expect(h.circle.pipelines[1]!.createdAt).toBeGreaterThanOrEqual(Date.parse(firstDone.created_at));
  });

  it('does not hold up another environment', async () => {
    h = await startHarness({ circle: slow(300) });
    const staging = await h.deploy({ environment: 'staging' });
    const production = await h.deploy({ environment: 'production' });
    await h.waitForState(staging, 'in_progress');
    await h.waitForState(production, 'in_progress');
    expect(h.states(production)).not.toContain('queued');
  });

  it(
    'refuses a deployment by anyone but the lock holder, naming holder, reason and age; ' + 'the holder goes through',
    async () => {
      h = await startHarness();
      const lockedAt = new Date(Date.now() - 2 * 3600_000).toISOString();
      await h.locks.acquire({
        repository: 'acme/api',
        environment: 'staging',
        holder: { slack_user_id: 'U0ALICE', name: 'alice' },
        reason: 'load testing',
        locked_at: lockedAt,
      });
      const bob = await h.deploy({ requester: 'U0BOB' });
      const error = await h.waitForState(bob, 'error');
      expect(error.description).toBe('staging is locked by alice 2h 00m ago: load testing');
      expect(h.circle.pipelines).toHaveLength(0);
      const anonymous = await h.deploy({ payload: {} });
      expect((await h.waitForState(anonymous, 'error')).description).toBe(
        'staging is locked by alice 2h 00m ago: load testing',
      );
      // Anyone who can create a deployment can write alice's name into its payload: unsigned, it is not hers.
      const posing = await h.deploy({
        payload: { chatops: { version: 1, app: 'api', requester: { slack_user_id: 'U0ALICE', name: 'alice' } } },
      });
      expect((await h.waitForState(posing, 'error')).description).toBe(
        'staging is locked by alice 2h 00m ago: load testing',
      );
      const alice = await h.deploy({ requester: 'U0ALICE' });
      await h.waitForState(alice, 'success');
      expect(h.circle.pipelines).toHaveLength(1);
    },
  );

  it('cancels the CI run at the timeout and ends in error "timed out after …"', async () => {
    h = await startHarness({ circle: slow(60_000), env: { HEAVEN_DEFAULT_TIMEOUT_MS: '300' } });
    const id = await h.deploy({});
    const error = await h.waitForState(id, 'error');
    expect(error.description).toBe('timed out after 300 ms; the CircleCI run was cancelled');
    expect(h.circle.received('POST', /^\/api\/v2\/workflow\/[^/]+\/cancel$/)).toHaveLength(1);
    expect(h.states(id)).toEqual(['in_progress', 'error']);
  });

  it('takes the timeout from the environment config (timeout_minutes)', async () => {
    const config = `
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    timeout_minutes: 60
    environments:
      staging: { timeout_minutes: 0.005 }
`;
    h = await startHarness({ config, circle: slow(60_000) });
    const id = await h.deploy({});
    expect((await h.waitForState(id, 'error')).description).toBe(
      'timed out after 300 ms; the CircleCI run was cancelled',
    );
  });

  it('cancels a running deployment: the workflow is cancelled and the status is error "cancelled by …"', async () => {
    h = await startHarness({ circle: slow(60_000) });
    const id = await h.deploy({});
    await h.waitForState(id, 'in_progress');
    await h.cancel({ environment: 'staging', by: 'U0CAROL' });
    const error = await h.waitForState(id, 'error');
    expect(error.description).toBe('cancelled by carol; the CI run was stopped');
    expect(h.circle.received('POST', /\/cancel$/)).toHaveLength(1);
  });

  it('cancels a waiting deployment: it leaves the line without a CI run, the next one still runs', async () => {
    // The two behind it each say queued after waiting HEAVEN_POLL_MAX_MS (150 ms): the first runs longer.
    h = await startHarness({ circle: slow(2000) });
    const first = await h.deploy({});
    await h.waitForState(first, 'in_progress');
    const second = await h.deploy({});
    await h.waitForState(second, 'queued');
    const third = await h.deploy({});
    await h.waitForState(third, 'queued');
    await h.cancel({ environment: 'staging', deployment_id: second, by: 'U0CAROL' });
    expect((await h.waitForState(second, 'error')).description).toBe('cancelled by carol before it started');
    await h.waitForState(third, 'success');
    expect(h.circle.pipelines.map((p) => p.parameters.chatops_deployment_id)).toEqual([first, third]);
    expect(h.states(second)).toEqual(['queued', 'error']);
  });

  it('watchdog: a CI that never starts a workflow ends in error', async () => {
    h = await startHarness({ circle: { plan: () => ({ workflows: [] }) }, env: { HEAVEN_START_WATCHDOG_MS: '300' } });
    const id = await h.deploy({});
    const error = await h.waitForState(id, 'error');
    expect(error.description).toMatch(/^watchdog: CircleCI did not start within (\d+ ms|\d\.\d s)$/);
  });

  it('watchdog: a CI that stops answering ends in error with the reason', async () => {
    h = await startHarness({ circle: slow(60_000), env: { HEAVEN_WATCHDOG_MS: '300' } });
    const id = await h.deploy({});
    await h.waitForState(id, 'in_progress');
    h.circle.failNext('GET', /\/workflow$/, { status: 502, body: { message: 'bad gateway' } }, 1000);
    const error = await h.waitForState(id, 'error');
    expect(error.description).toMatch(
      new RegExp(
        /^watchdog: no answer from CircleCI for \d+ ms /.source +
          /\(CircleCI answered 502 to GET \/pipeline\/[0-9a-f-]+\/workflow: bad gat…$/.source,
      ),
    );
    expect(error.description).toHaveLength(140);
  });

  it(
    "frees the line when GitHub refuses a deployment's statuses (4xx), " + 'so the next deployment still runs',
    async () => {
      h = await startHarness({ circle: slow(200) });
      h.github.failNext(
        'POST',
        /^\/repos\/acme\/api\/deployments\/1000\/statuses$/,
        { status: 422, body: { message: 'Validation Failed' } },
        10,
      );
      const refused = await h.deploy({});
      expect(refused).toBe(1000);
      const next = await h.deploy({});
      await h.waitForState(next, 'success');
      expect(h.states(refused)).toEqual([]);
      expect(h.circle.received('POST', /\/workflow\/[^/]+\/cancel$/)).toHaveLength(1);
      expect(h.github.received('POST', '/repos/acme/api/deployments/1000/statuses').length).toBeGreaterThanOrEqual(2);
    },
  );
});
