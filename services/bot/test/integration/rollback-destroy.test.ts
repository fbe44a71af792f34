import { describe, expect, it } from '@jest/globals';
import {
  type DeployOptions,
  deployOnGitHub,
  postToGitHub,
  signedChatopsOf as signedChatops,
  UNSIGNED_CHATOPS as unsigned,
} from '../helpers/deployments.js';
import { answersTo, harnessPerTest } from '../helpers/harness.js';

const h = harnessPerTest();

const run = (text: string, user?: string) => answersTo(h, text, user);
const deployed = (ref: string, environment: string, states: string[], opts?: DeployOptions) =>
  deployOnGitHub(h, ref, environment, states, opts);

describe('rollback and destroy (read from GitHub)', () => {
  it(
    'rollback: deploys the sha of the last successful deployment before the current one, ' + 'recorded as rollback_of',
    async () => {
      const good = await deployed('main', 'staging', ['success']);
      await deployed('feature-x', 'staging', ['failure']);
      const current = await deployed('feature-x', 'staging', ['success']);
      const replies = await run('rollback api staging');
      expect(replies[0]!.text).toBe(
        `Rolling back api staging from \`bbbbbbb\` (#${current}) to \`aaaaaaa\` (#${good}).`,
      );
      const d = h.github.deployments.at(-1)!;
      expect(d.request).toMatchObject({ ref: 'a'.repeat(40), environment: 'staging', auto_merge: false });
      expect(signedChatops(d)).toMatchObject({ rollback_of: current, branch: 'main' });
    },
  );

  it('rollback after a failed deploy goes back to the last successful sha', async () => {
    const good = await deployed('main', 'staging', ['success']);
    const failed = await deployed('feature-x', 'staging', ['in_progress', 'failure']);
    const replies = await run('rollback api staging');
    expect(replies[0]!.text).toBe(`Rolling back api staging from \`bbbbbbb\` (#${failed}) to \`aaaaaaa\` (#${good}).`);
    const d = h.github.deployments.at(-1)!;
    expect(d.request).toMatchObject({ ref: 'a'.repeat(40), environment: 'staging' });
    expect(signedChatops(d).rollback_of).toBe(failed);
  });

  it('rollback to a deployment of a sha records the branch the bot signed into it, and only a signed one', async () => {
    await deployed('a'.repeat(40), 'staging', ['success'], { signed: { branch: 'release' } });
    await deployed('feature-x', 'staging', ['success']);
    await run('rollback api staging');
    expect(signedChatops(h.github.deployments.at(-1)!)).toMatchObject({ branch: 'release' });
    // The same, unsigned: whatever it says about its branch is not taken.
    const forged = { ...unsigned, branch: 'attacker' };
    await postToGitHub(h, '/repos/acme/api/deployments', {
      ref: 'a'.repeat(40),
      environment: 'staging',
      required_contexts: [],
      auto_merge: false,
      payload: { chatops: forged },
    });
    await deployed('feature-x', 'staging', ['success']);
    const statuses = h.github.deployments.at(-2)!;
    await postToGitHub(h, `/repos/acme/api/deployments/${statuses.id}/statuses`, { state: 'success' });
    await run('rollback api staging');
    const chatops = signedChatops(h.github.deployments.at(-1)!);
    expect(chatops.rollback_of).toBe(h.github.deployments.at(-2)!.id);
    expect(chatops).not.toHaveProperty('branch');
  });

  it('rollback with nothing to roll back to says so', async () => {
    await deployed('main', 'staging', ['success']);
    expect((await run('rollback api staging'))[0]!.text).toBe(
      'I found no earlier successful deployment of api to staging to roll back to.',
    );
  });

  it('destroy: sends the teardown task to the branch’s transient environment', async () => {
    await run('api/feature-x to review');
    await run('destroy api/feature-x review');
    const d = h.github.deployments.at(-1)!;
    expect(d.request).toMatchObject({
      ref: 'feature-x',
      environment: 'review-feature-x',
      task: 'destroy',
      transient_environment: true,
      required_contexts: [],
      auto_merge: false,
    });
  });

  it('destroy of a branch environment never deployed says so', async () => {
    expect((await run('destroy api review-nothing'))[0]!.text).toBe(
      'review-nothing of api has never been deployed; nothing to destroy.',
    );
  });
});
