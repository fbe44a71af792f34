import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { Stack } from '@chatops/sandbox';
import { pullRequestClosedEvent, repositoryObject, waitFor } from '@chatops/testkit';
import { apiConfig } from './support/api-config.js';
import { ALICE_USER } from './support/slack-users.js';
import { startApiStack } from './support/start-api-stack.js';

// Issue 17's review environments through the three processes (built output), the strict fakes and
// real Redis: a branch deployed to its review environment is listed by `reviews`; its pull request
// merged (the webhook delivered twice) tears it down once: one destroy through the CI, its
// deployments inactive, the GitHub environment deleted, one announcement in the channel.
const CONFIG = apiConfig({ environments: ['review: { transient: true, ttl_hours: 48 }'] });

const ALICE = { user_id: 'U0ALICE', user_name: 'alice', channel_id: 'C0DEPLOYS' };

describe('review environments, three processes', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startApiStack({ config: CONFIG, branches: { 'feat-x': 'b'.repeat(40) }, users: [ALICE_USER] });
  }, 60_000);

  afterAll(async () => stack?.stop(), 60_000);

  const answers = (responseId: string) => stack.slack.responsesTo(responseId).map((r) => r.body);

  it('lists the review environment, and tears it down once when its pull request is merged', async () => {
    await stack.slash('api/feat-x to review', ALICE);
    const deployed = await waitFor(() => stack.github.deployments[0], 'the review deployment', 20_000);
    expect(deployed).toMatchObject({ environment: 'review-feat-x', ref: 'feat-x', transient_environment: true });
    await waitFor(
      () => stack.github.statusesOf(deployed.id).find((s) => s.state === 'success'),
      'the review deployment to succeed',
      30_000,
    );
    const list = await stack.slash('reviews', ALICE);
    const listed = await waitFor(() => answers(list.responseId)[0], 'the reviews answer');
    expect(listed).toEqual({
      response_type: 'ephemeral',
      text: expect.stringMatching(
        new RegExp(
          '^Live review environments:\\n• `review-feat-x` of \\*api\\* \\(branch `feat-x`\\): ' +
            `up .+, last deploy #${deployed.id} .+ ago, expires in (1d 2\\dh|2d 00h)$`,
        ),
      ),
    });

    const event = pullRequestClosedEvent(
      { number: 12, branch: 'feat-x', merged: true },
      repositoryObject({ owner: 'acme', name: 'api' }),
    );
    expect(await stack.github.deliver('pull_request', event)).toBe(202);
    expect(await stack.github.redeliver(stack.github.deliveries.at(-1)!.id)).toBe(200);

    const teardowns = () =>
      stack.slack.messagesIn('C0DEPLOYS').filter((m) => String(m.text).startsWith('Review environment'));
    const announced = await waitFor(() => (teardowns().length > 0 ? teardowns() : null), 'the announcement', 30_000);
    const destroys = stack.github.deployments.filter((d) => d.task === 'destroy');
    expect(destroys.map((d) => [d.environment, d.ref, d.description])).toEqual([
      ['review-feat-x', 'b'.repeat(40), 'teardown of review-feat-x: pull request #12 merged'],
    ]);
    expect(stack.github.statusesOf(deployed.id).map((s) => s.state)).toEqual(['in_progress', 'success', 'inactive']);
    expect(stack.github.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual([
      '/repos/acme/api/environments/review-feat-x',
    ]);
    expect(announced.map((m) => m.text)).toEqual([
      'Review environment review-feat-x torn down: pull request #12 merged',
    ]);
    const asked = await stack.slash('reviews', ALICE);
    expect(await waitFor(() => answers(asked.responseId)[0], 'the reviews answer')).toEqual({
      response_type: 'ephemeral',
      text: 'No review environment is live.',
    });
  }, 90_000);
});
