import { describe, expect, it } from '@jest/globals';
import type { AppsConfig, ReviewTeardownJob } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { teardownChannel } from '../../src/announcements/announce-teardown.js';
import { renderTeardown } from '../../src/render/render-teardown.js';

const job = (over: Partial<ReviewTeardownJob> = {}): ReviewTeardownJob => ({
  repository: 'acme/api',
  app: 'api',
  config_environment: 'review',
  environment: 'review-feat-x',
  branch: 'feat/x',
  reason: 'expired',
  ttl_hours: 24,
  destroy_id: 1042,
  inactive: 2,
  github_environment: 'deleted',
  ...over,
});

const mrkdwn = (j: ReviewTeardownJob) => (renderTeardown(j).blocks![0] as { text: { text: string } }).text.text;

describe('renderTeardown', () => {
  it('says why, what was destroyed and what became of the GitHub environment', () => {
    expect(renderTeardown(job())).toEqual({
      text: 'Review environment review-feat-x torn down: no deployment for 24h (ttl_hours)',
      blocks: [
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text:
              ':broom: Review environment `review-feat-x` of *api* (branch `feat/x`) torn down: no deployment ' +
              'for 24h (ttl_hours). Destroyed by deployment #1042; 2 deployments marked inactive; the GitHub ' +
              'environment is deleted.',
          },
        },
      ],
    });
  });

  it.each([
    ['pr-closed', { pr: 3 }, 'pull request #3 closed'],
    ['pr-merged', {}, 'pull request merged'],
    ['branch-deleted', {}, 'branch deleted'],
    ['destroyed', {}, 'destroyed on request'],
  ] as const)('names the reason %s', (reason, over, words) => {
    expect(renderTeardown(job({ reason, ...over })).text).toBe(`Review environment review-feat-x torn down: ${words}`);
  });

  it('says the environment stays when GitHub refused, naming the permission', () => {
    expect(mrkdwn(job({ github_environment: 'forbidden', inactive: 1 }))).toContain(
      '1 deployment marked inactive; the GitHub environment stays: GitHub refused to delete it (a GitHub App ' +
        'needs the Administration repository permission, write; a token the repo scope).',
    );
  });

  it('escapes hostile branch and app names', () => {
    const text = mrkdwn(job({ branch: 'x`<!channel>|&', app: '<@U1>*' }));
    expect(text).toContain("(branch `x'&lt;!channel&gt;|&amp;`)");
    expect(text).toContain('of *&lt;@U1&gt;*');
    expect(text).not.toContain('<!channel>');
  });
});

describe('teardownChannel', () => {
  const config: AppsConfig = parseAppsConfig(`
defaults: { channel: C0DEFAULT }
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/a/b }
    channel: C0APP
    environments: { review: { transient: true } }
  web:
    repository: acme/web
    circleci: { project_slug: gh/a/c }
    environments: { review: { transient: true } }
`);
  it('is the last deploy’s channel, else the app’s, else the default', () => {
    expect(teardownChannel(job({ channel: 'C0LAST' }), config)).toBe('C0LAST');
    expect(teardownChannel(job(), config)).toBe('C0APP');
    expect(teardownChannel(job({ repository: 'acme/web' }), config)).toBe('C0DEFAULT');
  });
});
