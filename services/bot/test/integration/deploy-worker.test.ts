import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { WebClient } from '@slack/web-api';
import { jobId, signChatopsPayload, verifyChatopsPayload } from '@chatops/shared/contracts';
import { createMessageStore } from '@chatops/shared/runtime';
import { createBotStore } from '../../src/stores/bot-store.js';
import {
  createHarness,
  GITHUB_TOKEN,
  PAYLOAD_SECRET,
  repliesTo,
  settled,
  SLACK_TOKEN,
  type Harness,
} from '../helpers/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  h.startWorker();
});
afterEach(async () => {
  await h.close();
});

const deploymentRequests = () => h.github.received('POST', /^\/repos\/acme\/[^/]+\/deployments$/);
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

  it(
    'a first attempt does not look for an earlier deployment on GitHub; ' + 'a retry after a lost answer does',
    async () => {
      const { trigger } = await h.command('api to staging');
      expect(await settled(h, trigger)).toBe('completed');
      expect(h.github.received('GET', /^\/repos\/acme\/api\/deployments/)).toHaveLength(0);
      expect(await createBotStore(h.redis, h.prefix).recall(`creating-${jobId(trigger)}`)).toBe('1');
      // The attempt that died after GitHub's answer left its mark, but not the created deployment's id.
      const retried = `${Date.now()}.retried.trigger`;
      await createBotStore(h.redis, h.prefix).remember(`creating-${jobId(retried)}`, '1', 600);
      await h.command('api to staging', { trigger_id: retried });
      expect(await settled(h, retried)).toBe('completed');
      expect(h.github.received('GET', /^\/repos\/acme\/api\/deployments/)).toHaveLength(1);
    },
  );

  describe('a retry after GitHub created the deployment but the worker died before noting it', () => {
    /** What the dead attempt left: its message (noted), its "creating" mark, and a deployment naming the message. */
    const leftBehind = async (trigger: string, signed: boolean) => {
      const web = new WebClient(SLACK_TOKEN, { slackApiUrl: h.slack.apiUrl });
      const posted = await web.chat.postMessage({ channel: 'C0DEPLOYS', text: '<@U0ALICE> is deploying…' });
      const slack = { channel: 'C0DEPLOYS', ts: String(posted.ts) };
      await createMessageStore(h.redis, h.prefix).set(`trigger-${jobId(trigger)}`, slack);
      await createBotStore(h.redis, h.prefix).remember(`creating-${jobId(trigger)}`, '1', 600);
      const unsigned = {
        version: 1 as const,
        app: 'api',
        requester: { slack_user_id: 'U0ALICE', name: 'Alice' },
        slack,
      };
      const target = { repository: 'acme/api', environment: 'staging', ref: 'main', task: 'deploy' };
      const chatops = signed
        ? signChatopsPayload({ ...unsigned, nonce: randomBytes(16).toString('hex') }, target, PAYLOAD_SECRET)
        : unsigned;
      const res = await fetch(`${h.github.url}/repos/acme/api/deployments`, {
        method: 'POST',
        headers: { authorization: `token ${GITHUB_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ ref: 'main', environment: 'staging', auto_merge: false, payload: { chatops } }),
      });
      return { id: ((await res.json()) as { id: number }).id, ts: slack.ts };
    };

    it('finds the deployment the bot signed for the message and creates no second one', async () => {
      const trigger = `${Date.now()}.found.trigger`;
      const { id, ts } = await leftBehind(trigger, true);
      await h.command('api to staging', { trigger_id: trigger });
      expect(await settled(h, trigger)).toBe('completed');
      expect(h.github.deployments.map((d) => d.id)).toEqual([id]);
      expect(h.slack.messages.find((m) => m.ts === ts)!.text).toContain(`deployment #${id} created`);
    });

    it('an unsigned deployment naming the message is not taken for it: the bot creates its own', async () => {
      const trigger = `${Date.now()}.forged.trigger`;
      const { id, ts } = await leftBehind(trigger, false);
      await h.command('api to staging', { trigger_id: trigger });
      expect(await settled(h, trigger)).toBe('completed');
      expect(h.github.deployments).toHaveLength(2);
      const mine = h.github.deployments[1]!;
      expect(mine.id).not.toBe(id);
      expect(h.slack.messages.find((m) => m.ts === ts)!.text).toContain(`deployment #${mine.id} created`);
    });
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

describe('bot worker: transient failures are retried', () => {
  it.each([
    ['a 502', { status: 502, body: { message: 'Bad Gateway' } }],
    ['a dropped connection', 'reset' as const],
  ])('%s is retried; one message and one deployment in the end', async (_name, failure) => {
    h.github.failNext('POST', /\/deployments$/, failure);
    const { trigger } = await h.command('api to staging');
    expect(await settled(h, trigger)).toBe('completed');
    expect(deploymentRequests()).toHaveLength(2);
    expect(h.github.deployments).toHaveLength(1);
    expect(h.slack.messages).toHaveLength(1);
    expect(h.slack.messages[0]!.text).toContain('deployment #');
  });

  it(
    'a retried job never creates a second deployment or posts a second message ' + '(Slack failed after the create)',
    async () => {
      h.slack.failMethod('chat.update', { status: 500 });
      const { trigger, responseId } = await h.command('api to staging');
      expect(await settled(h, trigger)).toBe('completed');
      expect(deploymentRequests()).toHaveLength(1);
      expect(h.slack.callsOf('chat.postMessage')).toHaveLength(1);
      expect(h.slack.received('POST', '/api/chat.update')).toHaveLength(2);
      expect(h.slack.messages[0]!.text).toContain(`deployment #${h.github.deployments[0]!.id} created`);
      expect(repliesTo(h, responseId)).toHaveLength(1);
    },
  );

  describe('a worker killed between Slack posting the message and the bot noting it', () => {
    /**
     * What the dead attempt left behind: its "posting" mark and, if Slack got the post, the message with the trigger
     * in its metadata.
     */
    const leftBehind = async (trigger: string, posted: boolean) => {
      await createBotStore(h.redis, h.prefix).remember(
        `posting-${jobId(trigger)}`,
        String(Math.floor(Date.now() / 1000)),
        600,
      );
      const web = new WebClient(SLACK_TOKEN, { slackApiUrl: h.slack.apiUrl });
      await web.chat.postMessage({
        channel: 'C0DEPLOYS',
        text: 'another command',
        metadata: { event_type: 'chatops_command', event_payload: { trigger: 'someone-else' } },
      });
      const mine = posted
        ? await web.chat.postMessage({
            channel: 'C0DEPLOYS',
            text: '<@U0ALICE> is deploying…',
            metadata: { event_type: 'chatops_command', event_payload: { trigger: jobId(trigger) } },
          })
        : null;
      await web.chat.postMessage({ channel: 'C0DEPLOYS', text: 'a person talking' });
      return mine?.ts;
    };

    it('the retry finds the message by its metadata (conversations.history) and posts no second one', async () => {
      const trigger = `${Date.now()}.crashed.trigger`;
      const ts = await leftBehind(trigger, true);
      await h.command('api to staging', { trigger_id: trigger });
      expect(await settled(h, trigger)).toBe('completed');
      expect(h.slack.callsOf('chat.postMessage')).toHaveLength(3);
      expect(h.slack.callsOf('conversations.history')).toHaveLength(1);
      expect(h.slack.callsOf('conversations.history')[0]!.args).toMatchObject({
        channel: 'C0DEPLOYS',
        include_all_metadata: true,
      });
      expect(h.github.deployments).toHaveLength(1);
      expect(
        (h.github.deployments[0]!.request as { payload: { chatops: { slack: unknown } } }).payload.chatops.slack,
      ).toEqual({ channel: 'C0DEPLOYS', ts });
      expect(h.slack.messages.find((m) => m.ts === ts)!.text).toContain(
        `deployment #${h.github.deployments[0]!.id} created`,
      );
    });

    it('Slack never got the post: the retry looks, finds nothing, and posts it once', async () => {
      const trigger = `${Date.now()}.lost.trigger`;
      await leftBehind(trigger, false);
      await h.command('api to staging', { trigger_id: trigger });
      expect(await settled(h, trigger)).toBe('completed');
      expect(h.slack.callsOf('conversations.history')).toHaveLength(1);
      const mine = h.slack.messages.filter(
        (m) =>
          (m.metadata as { event_payload?: { trigger?: string } } | undefined)?.event_payload?.trigger ===
          jobId(trigger),
      );
      expect(mine).toHaveLength(1);
      expect(mine[0]!.text).toContain('created');
    });

    it('a bot without the history scope (missing_scope) posts again rather than not at all', async () => {
      const trigger = `${Date.now()}.noscope.trigger`;
      await leftBehind(trigger, true);
      h.slack.failMethod('conversations.history', { error: 'missing_scope' });
      await h.command('api to staging', { trigger_id: trigger });
      expect(await settled(h, trigger)).toBe('completed');
      expect(h.slack.callsOf('chat.postMessage')).toHaveLength(4);
      expect(h.github.deployments).toHaveLength(1);
    });

    it(
      'a first attempt marks before posting and puts the trigger in the message metadata; ' +
        'it never reads the history',
      async () => {
        const { trigger } = await h.command('api to staging');
        expect(await settled(h, trigger)).toBe('completed');
        expect(h.slack.messages[0]!.metadata).toEqual({
          event_type: 'chatops_command',
          event_payload: { trigger: jobId(trigger) },
        });
        expect(await createBotStore(h.redis, h.prefix).recall(`posting-${jobId(trigger)}`)).toMatch(/^\d{10}$/);
        expect(h.slack.callsOf('conversations.history')).toHaveLength(0);
      },
    );
  });

  it('Slack 429 on the message: the job waits as asked, then posts one message', async () => {
    h.slack.failMethod('chat.postMessage', { status: 429, retryAfter: 1 });
    const { trigger } = await h.command('api to staging');
    expect(await settled(h, trigger)).toBe('completed');
    expect(h.slack.received('POST', '/api/chat.postMessage')).toHaveLength(2);
    expect(h.slack.messages).toHaveLength(1);
    expect(h.github.deployments).toHaveLength(1);
  });

  it('a 429 with Retry-After delays the job as asked, then succeeds', async () => {
    h.github.failNext('POST', /\/deployments$/, {
      status: 429,
      body: { message: 'API rate limit exceeded' },
      headers: { 'retry-after': '1' },
    });
    const { trigger } = await h.command('api to staging');
    expect(await settled(h, trigger)).toBe('completed');
    const [first, second] = deploymentRequests();
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900);
    expect(h.github.deployments).toHaveLength(1);
  });

  it('after the last try, the person is told and the message says GitHub did not answer', async () => {
    h.github.failNext('POST', /\/deployments$/, { status: 503, body: { message: 'unavailable' } }, 10);
    const { trigger, responseId } = await h.command('api to staging');
    expect(await settled(h, trigger)).toBe('failed');
    expect(deploymentRequests()).toHaveLength(3);
    expect(repliesTo(h, responseId)).toEqual([
      {
        response_type: 'ephemeral',
        text: 'Sorry, GitHub did not answer after several tries, so I could not finish this. Please try again later.',
      },
    ]);
    expect(h.slack.messages).toHaveLength(1);
    expect(h.slack.messages[0]!.text).toBe(
      '<@U0ALICE> could not deploy *api*/`main` to *staging*: GitHub did not answer.',
    );
  });
});
