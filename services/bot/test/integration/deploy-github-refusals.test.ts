import { describe, expect, it } from '@jest/globals';
import { repliesTo, settled, harnessPerTest } from '../helpers/harness.js';

const h = harnessPerTest();

const deploymentRequests = () => h.github.received('POST', /^\/repos\/acme\/[^/]+\/deployments$/);
const FEATURE_SHA = 'b'.repeat(40);

describe('bot worker: GitHub refuses', () => {
  it(
    '202: creates the deployment from the updated ref without a second command, ' +
      'and says in its one answer that GitHub merged the default branch',
    async () => {
      h.github.repos.get('acme/api')!.behind.add('feature-x');
      const { trigger, responseId } = await h.command('api/feature-x to staging');
      expect(await settled(h, trigger)).toBe('completed');
      expect(deploymentRequests()).toHaveLength(2);
      expect(h.github.deployments).toHaveLength(1);
      expect(h.github.deployments[0]!.sha).not.toBe(FEATURE_SHA);
      expect(repliesTo(h, responseId)).toEqual([
        {
          response_type: 'ephemeral',
          text:
            'GitHub merged the default branch into `feature-x` first, because it was behind ' +
            '(Auto-merged main into feature-x on deployment.).\n' +
            `Deployment #${h.github.deployments[0]!.id} of *api*/\`feature-x\` to staging created. ` +
            'Its progress shows in the channel.',
        },
      ]);
      expect(h.slack.messages).toHaveLength(1);
    },
  );

  it('409 status checks: lists each context with its state and how to force, for someone who may', async () => {
    h.github.setCommitStatus('acme/api', FEATURE_SHA, 'ci/test', 'failure');
    h.github.setCommitStatus('acme/api', FEATURE_SHA, 'ci/lint', 'pending');
    const { trigger, responseId } = await h.command('api/feature-x to staging', { user_id: 'U0ALICE' });
    expect(await settled(h, trigger)).toBe('completed');
    expect(h.github.deployments).toHaveLength(0);
    expect(repliesTo(h, responseId)).toEqual([
      {
        response_type: 'ephemeral',
        text:
          'GitHub refused to deploy `feature-x`: its status checks are not all green.\n' +
          '• ci/test: failure\n' +
          '• ci/lint: pending\n' +
          'To deploy anyway, skipping the checks: `/deploy api/feature-x to staging force`',
      },
    ]);
    expect(h.slack.messages[0]!.text).toBe(
      '<@U0ALICE> could not deploy *api*/`feature-x` to *staging*: its status checks are not all green.',
    );
  });

  it('409 status checks: says who may force, to someone who may not', async () => {
    h.github.setCommitStatus('acme/api', FEATURE_SHA, 'ci/test', 'failure');
    const { trigger, responseId } = await h.command('api/feature-x to staging', { user_id: 'U0BOB' });
    expect(await settled(h, trigger)).toBe('completed');
    expect(repliesTo(h, responseId)[0]!.text).toBe(
      'GitHub refused to deploy `feature-x`: its status checks are not all green.\n' +
        '• ci/test: failure\n' +
        'Only <@U0ALICE> may force a deployment to staging.',
    );
  });

  it('409 merge conflict: one plain sentence', async () => {
    h.github.repos.get('acme/api')!.conflicts.add('feature-x');
    const { trigger, responseId } = await h.command('api/feature-x to staging');
    expect(await settled(h, trigger)).toBe('completed');
    expect(repliesTo(h, responseId)[0]!.text).toBe(
      'GitHub could not merge the default branch into `feature-x` because of a merge conflict. ' +
        'Merge or rebase `feature-x` and deploy again.',
    );
    expect(h.slack.messages[0]!.text).toBe(
      '<@U0ALICE> could not deploy *api*/`feature-x` to *staging*: merge conflict.',
    );
  });

  it('404 unknown repository: one plain sentence', async () => {
    const { trigger, responseId } = await h.command('ghost/main to staging');
    expect(await settled(h, trigger)).toBe('completed');
    expect(repliesTo(h, responseId)[0]!.text).toBe(
      'GitHub does not know the repository acme/ghost, or the bot has no access to it.',
    );
  });

  it(
    '404 when asking the default branch of an unknown repository: ' + 'the person is told, the job fails for good',
    async () => {
      const { trigger, responseId } = await h.command('ghost to staging');
      expect(await settled(h, trigger)).toBe('failed');
      expect(h.github.received('GET', '/repos/acme/ghost')).toHaveLength(1);
      expect(repliesTo(h, responseId)).toEqual([
        {
          response_type: 'ephemeral',
          text:
            'GitHub could not find what I asked for: ' +
            'the repository does not exist, or the bot has no access to it.',
        },
      ]);
    },
  );

  it('422 unknown ref: one plain sentence', async () => {
    const { trigger, responseId } = await h.command('api/nope to staging');
    expect(await settled(h, trigger)).toBe('completed');
    expect(repliesTo(h, responseId)[0]!.text).toBe(
      'GitHub does not know `nope` in acme/api. Check the branch, tag or sha.',
    );
    expect(h.slack.messages[0]!.text).toBe('<@U0ALICE> could not deploy *api*/`nope` to *staging*: unknown ref.');
  });

  it('422 invalid: one plain sentence with GitHub’s reason', async () => {
    h.github.failNext('POST', /\/deployments$/, {
      status: 422,
      body: { message: 'Validation Failed: environment is too long' },
    });
    const { trigger, responseId } = await h.command('api to staging');
    expect(await settled(h, trigger)).toBe('completed');
    expect(repliesTo(h, responseId)[0]!.text).toBe(
      'GitHub refused the deployment as invalid: Validation Failed: environment is too long',
    );
  });
});
