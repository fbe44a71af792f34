import { afterEach, describe, expect, it } from '@jest/globals';
import type { ChatCommandJob } from '@chatops/shared/contracts';
import { createHarness, jobCount, repliesTo, settled, TEST_CONFIG, type Harness } from '../helpers/harness.js';

let h: Harness | null = null;
afterEach(async () => {
  await h?.close();
  h = null;
});

/** A deploy job as the HTTP side would have enqueued it: the worker must check again what it checked. */
async function enqueueDeploy(
  harness: Harness,
  trigger: string,
  command: Partial<Extract<ChatCommandJob['command'], { action: 'deploy' }>>,
): Promise<string> {
  const job: ChatCommandJob = {
    trigger_id: trigger,
    team_id: 'T0FAKE',
    channel_id: 'C0DEPLOYS',
    requester: { slack_user_id: 'U0ALICE', name: 'alice' },
    response_url: harness.slack.responseUrl(trigger),
    received_at: new Date().toISOString(),
    command: {
      action: 'deploy',
      app: 'api',
      environment: 'staging',
      force: false,
      noop: false,
      params: {},
      ...command,
    },
  };
  await harness.queues.commands.add('deploy', job, { jobId: `slack-${trigger}` });
  return trigger;
}

const LONG = 'x'.repeat(512);
const TOO_LONG =
  'CircleCI would refuse this deployment: chatops_params would be 520 characters long, ' +
  'more than the 512 CircleCI takes. Nothing was deployed; send fewer or shorter key=value params.';

describe('CircleCI parameter limits, before anything is created', () => {
  it('the HTTP answer refuses params whose JSON would pass 512 characters, and enqueues nothing', async () => {
    h = await createHarness();
    const res = await h.command(`api to staging p=${LONG}`);
    expect(res.body).toEqual({ response_type: 'ephemeral', text: TOO_LONG });
    expect(await jobCount(h.queues.commands)).toBe(0);
    const fits = await h.command(`api to staging p=${'x'.repeat(500)}`);
    expect(fits.body!.text).toBe('On it: deploy api to staging.');
  });

  it('the worker refuses them too: no message, no deployment, one answer', async () => {
    h = await createHarness();
    h.startWorker();
    const trigger = await enqueueDeploy(h, 'long-params', { params: { p: LONG } });
    expect(await settled(h, trigger)).toBe('completed');
    expect(repliesTo(h, trigger)).toEqual([{ response_type: 'ephemeral', text: TOO_LONG }]);
    expect(h.slack.messages).toHaveLength(0);
    expect(h.github.deployments).toHaveLength(0);
  });

  it('an app on GitHub Actions is not held to CircleCI’s limits', async () => {
    h = await createHarness({
      configText: TEST_CONFIG.replace(
        '    circleci: { project_slug: gh/acme/web }',
        '    provider: github-actions\n    github_actions: { workflow: deploy.yml }',
      ),
    });
    const res = await h.command(`web to staging p=${LONG}`, { channel_id: 'C0WEB' });
    expect(res.body!.text).toBe('On it: deploy web to staging.');
  });
});

/** api's transient review and, in the same repository, api-eu's environment review-eu. */
const SHARED_REPOSITORY = `${TEST_CONFIG}
  api-eu:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      review-eu: {}
`;
const CLASH =
  'I did not deploy `eu` to review: its branch environment review-eu is the configured environment review-eu ' +
  'of app api-eu (acme/api). Use a branch with another name.';

describe('a branch environment that is another configured environment', () => {
  it('the HTTP answer refuses `api/eu to review` (review-eu is api-eu’s) and enqueues nothing', async () => {
    h = await createHarness({ configText: SHARED_REPOSITORY });
    const res = await h.command('api/eu to review');
    expect(res.body).toEqual({ response_type: 'ephemeral', text: CLASH });
    expect(await jobCount(h.queues.commands)).toBe(0);
  });

  it('the worker refuses it too: no message, no deployment', async () => {
    h = await createHarness({ configText: SHARED_REPOSITORY });
    h.startWorker();
    const trigger = await enqueueDeploy(h, 'clash', { ref: 'eu', environment: 'review' });
    expect(await settled(h, trigger)).toBe('completed');
    expect(repliesTo(h, trigger)).toEqual([{ response_type: 'ephemeral', text: CLASH }]);
    expect(h.slack.messages).toHaveLength(0);
    expect(h.github.deployments).toHaveLength(0);
  });

  it('feature/x and feature-x deploy to two environments', async () => {
    h = await createHarness();
    h.startWorker();
    h.github.repos.get('acme/api')!.branches.set('feature/x', 'c'.repeat(40));
    for (const ref of ['feature/x', 'feature-x']) {
      const { trigger } = await h.command(`api/${ref} to review`);
      expect(await settled(h, trigger)).toBe('completed');
    }
    expect(h.github.deployments.map((d) => d.environment)).toEqual(['review-feature-x-217d2bf5', 'review-feature-x']);
  });
});
