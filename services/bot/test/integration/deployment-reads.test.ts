import { describe, expect, it } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { signChatopsPayload } from '@chatops/shared/contracts';
import {
  type DeployOptions,
  deployOnGitHub,
  postToGitHub,
  UNSIGNED_CHATOPS as unsigned,
} from '../helpers/deployments.js';
import { answersTo, PAYLOAD_SECRET, harnessPerTest } from '../helpers/harness.js';

const h = harnessPerTest();

const run = (text: string, user?: string) => answersTo(h, text, user);
const deployed = (ref: string, environment: string, states: string[], opts?: DeployOptions) =>
  deployOnGitHub(h, ref, environment, states, opts);

describe('where and history (read from GitHub)', () => {
  it('where: each environment with its lock and last deployment', async () => {
    const id = await deployed('main', 'staging', ['in_progress', 'success'], { signed: {} });
    await run('lock api staging testing');
    const text = (await run('where api'))[0]!.text as string;
    expect(text).toContain(`• *staging*: #${id} \`main\` (\`aaaaaaa\`) success by <@U0BOB>, just now`);
    expect(text).toContain('locked by <@U0ALICE> "testing"');
    expect(text).toContain('• *production*: never deployed');
  });

  it('history: the last deployments with state, requester, ref, sha and age', async () => {
    const a = await deployed('main', 'staging', ['failure'], { signed: {} });
    const b = await deployed('feature-x', 'production', ['success'], { signed: {} });
    const text = (await run('history api'))[0]!.text as string;
    expect(text.split('\n')).toEqual([
      'Last deployments of *api*:',
      `• production: #${b} \`feature-x\` (\`bbbbbbb\`) success by <@U0BOB>, just now`,
      `• staging: #${a} \`main\` (\`aaaaaaa\`) failure by <@U0BOB>, just now`,
    ]);
    expect((await run('history api staging'))[0]!.text).not.toContain('production');
  });

  it('an unsigned chatops payload, or one signed for another deployment, names the GitHub creator', async () => {
    const plain = await deployed('main', 'staging', ['success']);
    // A signed payload copied into a deployment of another environment (a replay) does not verify there.
    const signed = signChatopsPayload(
      { ...unsigned, nonce: randomBytes(16).toString('hex') },
      { repository: 'acme/api', environment: 'staging', ref: 'main', task: 'deploy' },
      PAYLOAD_SECRET,
    );
    const res = await postToGitHub(h, '/repos/acme/api/deployments', {
      ref: 'main',
      environment: 'production',
      required_contexts: [],
      auto_merge: false,
      payload: { chatops: signed },
    });
    const replayed = ((await res.json()) as { id: number }).id;
    expect((await run('history api'))[0]!.text).toBe(
      'Last deployments of *api*:\n' +
        `• production: #${replayed} \`main\` (\`aaaaaaa\`) pending by chatops-bot, just now\n` +
        `• staging: #${plain} \`main\` (\`aaaaaaa\`) success by chatops-bot, just now`,
    );
  });

  it('escapes what GitHub holds (refs, tasks, environments) in every answer', async () => {
    const ref = 'x`<!here>|@y';
    h.github.repos.get('acme/api')!.branches.set(ref, 'c'.repeat(40));
    h.github.repos.get('acme/api')!.history.push('c'.repeat(40));
    const id = await deployed(ref, 'review-<!channel>', ['success'], { task: 'deploy:<@U0BOSS>' });
    const text = (await run('history api'))[0]!.text as string;
    expect(text).toBe(
      'Last deployments of *api*:\n' +
        `• review-&lt;!channel&gt;: #${id} \`x'&lt;!here&gt;|@y\` (\`ccccccc\`) \`deploy:&lt;@U0BOSS&gt;\` success ` +
        'by chatops-bot, just now',
    );
  });

  it('history of a transient environment lists its branches’ environments', async () => {
    const r = await deployed('feature-x', 'review-feature-x', ['success'], { signed: {} });
    await deployed('main', 'staging', ['success']);
    expect((await run('history api review'))[0]!.text).toBe(
      'Last deployments of *api* to review:\n' +
        `• review-feature-x: #${r} \`feature-x\` (\`bbbbbbb\`) success by <@U0BOB>, just now`,
    );
  });
});
