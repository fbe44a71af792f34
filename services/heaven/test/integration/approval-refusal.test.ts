import { afterEach, describe, expect, it } from '@jest/globals';
import { startHarness, type Harness } from '../helpers/harness.js';

describe('heaven refuses a deployment to an environment with approval, unless signed approvals cover it', () => {
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
        approval: { required: 2, approvers: [U0BOB, U0CAROL, U0DAVE] }
`;
  const at = '2026-11-30T03:00:00Z';
  const NEEDS = 'production needs 2 approvals in Slack: deploy it with /deploy, which asks the approvers';

  it('one made in GitHub’s UI (no signed chat data) ends in error before any CI; staging needs none', async () => {
    h = await startHarness({ config });
    const id = await h.deploy({ environment: 'production', payload: {} });
    expect((await h.waitForState(id, 'error')).description).toBe(NEEDS);
    const staging = await h.deploy({ environment: 'staging', payload: {} });
    await h.waitForState(staging, 'success');
    expect(h.circle.pipelines).toHaveLength(1);
  });

  it('too few distinct approvers (the requester and a repeat do not count) are refused; enough run', async () => {
    h = await startHarness({ config });
    const few = await h.deploy({
      environment: 'production',
      chatops: {
        approvals: [
          { slack_user_id: 'U0ALICE', name: 'alice', at },
          { slack_user_id: 'U0BOB', name: 'bob', at },
          { slack_user_id: 'U0BOB', name: 'bob', at },
        ],
      },
    });
    expect((await h.waitForState(few, 'error')).description).toBe(NEEDS);
    const enough = await h.deploy({
      environment: 'production',
      chatops: {
        approvals: [
          { slack_user_id: 'U0BOB', name: 'bob', at },
          { slack_user_id: 'U0CAROL', name: 'carol', at },
        ],
      },
    });
    await h.waitForState(enough, 'success');
    expect(h.circle.pipelines).toHaveLength(1);
    // Approvals added by hand after signing: not trusted, so refused like a deployment made outside chat.
    const forged = await h.deploy({
      environment: 'production',
      payload: {
        chatops: {
          version: 1,
          app: 'api',
          approvals: [
            { slack_user_id: 'U0BOB', name: 'bob', at },
            { slack_user_id: 'U0CAROL', name: 'carol', at },
          ],
          signature: `v1=${'0'.repeat(64)}`,
        },
      },
    });
    expect((await h.waitForState(forged, 'error')).description).toBe(NEEDS);
    expect(h.circle.pipelines).toHaveLength(1);
  });
});
