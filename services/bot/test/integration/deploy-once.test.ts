import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { WebClient } from '@slack/web-api';
import { jobId, signChatopsPayload } from '@chatops/shared/contracts';
import { createMessageStore } from '@chatops/shared/runtime';
import { createMarkStore } from '../../src/stores/mark-store.js';
import { GITHUB_TOKEN, PAYLOAD_SECRET, repliesTo, settled, SLACK_TOKEN, harnessPerTest } from '../helpers/harness.js';

const h = harnessPerTest();

const deploymentRequests = () => h.github.received('POST', /^\/repos\/acme\/[^/]+\/deployments$/);

describe('bot worker: one deployment per command, across retries and crashes', () => {
  it(
    'a first attempt does not look for an earlier deployment on GitHub; ' + 'a retry after a lost answer does',
    async () => {
      const { trigger } = await h.command('api to staging');
      expect(await settled(h, trigger)).toBe('completed');
      expect(h.github.received('GET', /^\/repos\/acme\/api\/deployments/)).toHaveLength(0);
      expect(await createMarkStore(h.redis, h.prefix).recall(`creating-${jobId(trigger)}`)).toBe('1');
      // The attempt that died after GitHub's answer left its mark, but not the created deployment's id.
      const retried = `${Date.now()}.retried.trigger`;
      await createMarkStore(h.redis, h.prefix).remember(`creating-${jobId(retried)}`, '1', 600);
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
      await createMarkStore(h.redis, h.prefix).remember(`creating-${jobId(trigger)}`, '1', 600);
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
});
