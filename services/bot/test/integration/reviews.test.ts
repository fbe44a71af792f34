import { describe, expect, it } from '@jest/globals';
import { createReviewEnvironmentStore } from '@chatops/shared/runtime';
import { answersTo, harnessPerTest } from '../helpers/harness.js';

const h = harnessPerTest();
const HOUR = 3_600_000;

describe('/deploy reviews', () => {
  it('lists the live review environments with age, last deploy and expiry, only to the person', async () => {
    const store = createReviewEnvironmentStore(h.redis, h.prefix);
    const start = h.now.ms;
    await store.touch(
      {
        repository: 'acme/api',
        app: 'api',
        config_environment: 'review',
        environment: 'review-feature-x',
        branch: 'feature-x',
        sha: 'b'.repeat(40),
        last_deploy_at: start - 26 * HOUR,
        last_deployment_id: 1041,
      },
      start - 26 * HOUR,
    );
    await store.touch(
      {
        repository: 'acme/api',
        app: 'api',
        config_environment: 'review',
        environment: 'review-fix-1-0a1b2c3d',
        branch: 'fix/<!channel>`',
        sha: 'c'.repeat(40),
        last_deploy_at: start - 2 * HOUR,
        last_deployment_id: 1050,
        channel: 'C0DEPLOYS',
      },
      start - 5 * HOUR,
    );
    await store.claimTeardown('acme/api', 'review-fix-1-0a1b2c3d', { reason: 'pr-merged', at: start, pr: 12 });
    expect(await answersTo(h, 'reviews')).toEqual([
      {
        response_type: 'ephemeral',
        text:
          'Live review environments:\n' +
          '• `review-feature-x` of *api* (branch `feature-x`): up 1d 02h, last deploy #1041 1d 02h ago, ' +
          'expires in 1d 22h\n' +
          "• `review-fix-1-0a1b2c3d` of *api* (branch `fix/&lt;!channel&gt;'`, pull request #12): up 5h 00m, " +
          'last deploy #1050 2h 00m ago, tearing down (pull request merged)',
      },
    ]);
    expect(await answersTo(h, 'reviews backend')).toEqual([
      {
        response_type: 'ephemeral',
        text: expect.stringMatching(/^Live review environments of \*api\*:\n• `review-feature-x`/),
      },
    ]);
    expect(await answersTo(h, 'reviews web')).toEqual([
      { response_type: 'ephemeral', text: 'web has no live review environment.' },
    ]);
    h.now.ms += 47 * HOUR;
    expect((await answersTo(h, 'reviews api'))[0]!.text).toContain(
      'last deploy #1041 3d 01h ago, expired, teardown due',
    );
  });

  it('says so when none is live, and refuses an unknown app', async () => {
    expect(await answersTo(h, 'reviews')).toEqual([
      { response_type: 'ephemeral', text: 'No review environment is live.' },
    ]);
    // Refused in the HTTP answer, before any job.
    expect((await h.command('reviews nope')).body).toEqual({
      response_type: 'ephemeral',
      text: 'I don\'t know an app called "nope". Known apps: api, ghost, web.',
    });
    expect((await h.command('reviews api web')).body).toEqual({
      response_type: 'ephemeral',
      text: 'Usage: `reviews [APP]`. Try `/deploy help`.',
    });
  });
});
