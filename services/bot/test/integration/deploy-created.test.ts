import { describe, expect, it } from '@jest/globals';
import { verifyChatopsPayload } from '@chatops/shared/contracts';
import { PAYLOAD_SECRET, repliesTo, settled, harnessPerTest } from '../helpers/harness.js';

const h = harnessPerTest();

const FEATURE_SHA = 'b'.repeat(40);

describe('bot worker: 201 created', () => {
  it(
    'posts one in-channel message with mentions, ' + "then creates the deployment from the repository's default branch",
    async () => {
      const { trigger, responseId } = await h.command('backend to stg region=eu', { user_id: 'U0ALICE' });
      expect(await settled(h, trigger)).toBe('completed');
      expect(h.github.deployments).toHaveLength(1);
      const d = h.github.deployments[0]!;
      const message = h.slack.messagesIn('C0DEPLOYS')[0]!;
      const { payload, ...request } = d.request as { payload: unknown };
      expect(request).toEqual({
        ref: 'main',
        environment: 'staging',
        task: 'deploy',
        auto_merge: true,
        transient_environment: false,
        production_environment: false,
        description: 'deploy api/main to staging for Alice via chatops',
      });
      const target = { repository: 'acme/api', environment: 'staging', ref: 'main', task: 'deploy' };
      expect(verifyChatopsPayload(payload, target, PAYLOAD_SECRET)).toEqual({
        kind: 'signed',
        chatops: {
          version: 1,
          app: 'api',
          requester: { slack_user_id: 'U0ALICE', name: 'Alice' },
          slack: { channel: 'C0DEPLOYS', ts: message.ts },
          params: { region: 'eu' },
          noop: false,
          forced: false,
          rollback_of: null,
          // the default branch, signed as a branch: heaven need not ask GitHub what `main` is
          branch: 'main',
          nonce: expect.stringMatching(/^[0-9a-f]{32}$/),
          signature: expect.stringMatching(/^v1=[0-9a-f]{64}$/),
        },
      });
      expect(h.github.received('GET', '/repos/acme/api')).toHaveLength(1);
      expect(h.slack.messages).toHaveLength(1);
      expect(message.history[0]!.text).toBe('<@U0ALICE> is deploying *api*/`main` to *staging*…');
      expect(message.text).toBe(
        `<@U0ALICE> is deploying *api*/\`main\` (\`${'a'.repeat(7)}\`) to *staging*: deployment #${d.id} created.`,
      );
      expect(message.text.replace(/<@U0ALICE>/g, '')).not.toContain('U0ALICE');
      expect(repliesTo(h, responseId)).toEqual([
        {
          response_type: 'ephemeral',
          text: `Deployment #${d.id} of *api*/\`main\` to staging created. Its progress shows in the channel.`,
        },
      ]);
    },
  );

  it('caches the default branch: a second deploy does not ask GitHub again', async () => {
    const a = await h.command('api to staging');
    expect(await settled(h, a.trigger)).toBe('completed');
    const b = await h.command('api to staging');
    expect(await settled(h, b.trigger)).toBe('completed');
    expect(h.github.received('GET', '/repos/acme/api')).toHaveLength(1);
    expect(h.github.deployments).toHaveLength(2);
  });

  it("asks Slack for a person's name once a minute, not once per deployment", async () => {
    const usersInfo = () => h.slack.callsOf('users.info').length;
    const a = await h.command('api to staging', { user_id: 'U0ALICE' });
    expect(await settled(h, a.trigger)).toBe('completed');
    const b = await h.command('api to staging', { user_id: 'U0ALICE' });
    expect(await settled(h, b.trigger)).toBe('completed');
    expect(usersInfo()).toBe(1);
    const c = await h.command('api to staging', { user_id: 'U0BOB' });
    expect(await settled(h, c.trigger)).toBe('completed');
    expect(usersInfo()).toBe(2);
    h.now.ms += 61_000;
    const d = await h.command('api to staging', { user_id: 'U0ALICE' });
    expect(await settled(h, d.trigger)).toBe('completed');
    expect(usersInfo()).toBe(3);
    const names = h.github.deployments.map(
      (x) => (x.request as { payload: { chatops: { requester: { name: string } } } }).payload.chatops.requester.name,
    );
    expect(names).toEqual(['Alice', 'Alice', 'Bob', 'Alice']);
  });

  it('sends noop, task and params, and a transient environment per branch', async () => {
    const { trigger } = await h.command('api/feature-x to review noop task=migrate');
    expect(await settled(h, trigger)).toBe('completed');
    expect(h.github.deployments[0]!.request).toMatchObject({
      ref: 'feature-x',
      environment: 'review-feature-x',
      task: 'deploy:migrate',
      transient_environment: true,
      payload: { chatops: { noop: true } },
    });
  });

  it('sends the configured required contexts and production_environment, and force skips them', async () => {
    h.github.setCommitStatus('acme/api', FEATURE_SHA, 'ci/test', 'success');
    const a = await h.command('api/feature-x to prod');
    expect(await settled(h, a.trigger)).toBe('completed');
    expect(h.github.deployments[0]!.request).toMatchObject({
      required_contexts: ['ci/test'],
      production_environment: true,
      auto_merge: true,
    });
    const b = await h.command('api/feature-x to prod force');
    expect(await settled(h, b.trigger)).toBe('completed');
    expect(h.github.deployments[1]!.request).toMatchObject({
      required_contexts: [],
      auto_merge: false,
      payload: { chatops: { forced: true } },
    });
  });
});

describe('bot worker: where the message goes', () => {
  it('a command from a channel the bot cannot post in: the message goes to the configured channel', async () => {
    h.slack.failMethod('chat.postMessage', { error: 'channel_not_found' });
    const { trigger } = await h.command('api to staging', { channel_id: 'D0DIRECT' });
    expect(await settled(h, trigger)).toBe('completed');
    expect(h.slack.messages.map((m) => m.channel)).toEqual(['C0DEPLOYS']);
    expect(h.github.deployments[0]!.payload).toMatchObject({ chatops: { slack: { channel: 'C0DEPLOYS' } } });
  });
});
