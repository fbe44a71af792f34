import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { ChatopsPayload } from '@chatops/shared/contracts';
import { waitFor } from '@chatops/testkit';
import { signedChatops, statusJob } from '../helpers/jobs.js';
import { mainMessages, startNotifier, threadReplies, TOKEN, type Notifier } from '../helpers/start-notifier.js';

let n: Notifier;
let lines: string[];
beforeEach(async () => {
  lines = [];
  n = await startNotifier({ logLines: lines });
});
afterEach(async () => {
  await n.close();
});

const completed = (id: string) => async () => (await n.notifications.getJob(id))?.finishedOn;
const CONFIRM = 'alice asks to deploy api/main to production: Confirm?';

/** A message of the bot (say, a pending production Confirm), and its ts. */
async function botMessage(channel: string): Promise<string> {
  const res = await fetch(`${n.slack.apiUrl}chat.postMessage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify({ channel, text: CONFIRM }),
  });
  return ((await res.json()) as { ts: string }).ts;
}

const warnings = () =>
  lines.map((l) => JSON.parse(l) as { level: number; msg: string; reason?: string }).filter((l) => l.level === 40);

type Forge = (slack: { channel: string; ts: string }) => unknown;
const unsigned: Forge = (slack) => {
  const { signature: _s, ...rest } = signedChatops({ slack });
  return rest;
};
const altered: Forge = (slack) => ({ ...signedChatops({ slack: { channel: 'C0CHAT' } }), slack });
const otherSecret: Forge = (slack) => signedChatops({ slack }, undefined, 145988746, 'the-secret-of-someone-else');
const otherEnvironment: Forge = (slack) =>
  signedChatops({ slack }, { repository: 'acme/api', environment: 'production', ref: 'feature-x', task: 'deploy' });

describe('a deployment whose chatops payload the bot did not sign for it', () => {
  it.each([
    ['unsigned', unsigned, 'unsigned'],
    ['altered after signing', altered, 'signature does not verify'],
    ['signed with another secret', otherSecret, 'signature does not verify'],
    ['signed for another environment', otherEnvironment, 'signature does not verify'],
  ])('(%s) leaves the bot message it points at untouched and is shown as made outside chat', async (_, forge, why) => {
    const ts = await botMessage('C0CHAT');
    const payload = { chatops: forge({ channel: 'C0CHAT', ts }) };
    for (const [statusId, state] of [
      [1, 'in_progress'],
      [2, 'failure'],
    ] as const) {
      const id = await n.addStatus(statusJob({ statusId, state, payload, creator: 'mallory' }));
      await waitFor(completed(id), state);
    }
    const [confirm] = mainMessages(n.slack, 'C0CHAT');
    expect(confirm).toMatchObject({ ts, text: CONFIRM, updates: 0 });
    expect(n.slack.callsOf('chat.update').map((c) => c.args.channel)).toEqual(['C0STAGING']);
    const [own] = mainMessages(n.slack, 'C0STAGING');
    expect(own!.text).toBe('mallory failed to deploy api feature-x (f95f852) to staging: failed');
    expect(threadReplies(n.slack, 'C0STAGING').map((m) => m.text)).toEqual([
      'deploying api feature-x (f95f852) to staging failed in 0 ms',
    ]);
    expect(JSON.stringify(n.slack.calls.slice(1))).not.toMatch(/U0ALICE|alice/);
    expect(warnings()).toEqual([
      expect.objectContaining({
        reason: why,
        msg: 'deployment carries a chatops payload the bot did not sign for it; treated as made outside chat',
      }),
    ]);
  });

  it('(signed, replayed on another deployment) gets a message of its own; the first keeps the message', async () => {
    const ts = await botMessage('C0CHAT');
    const first = statusJob({
      deploymentId: 1,
      statusId: 1,
      state: 'in_progress',
      chatops: { slack: { channel: 'C0CHAT', ts } },
    });
    await waitFor(completed(await n.addStatus(first)), 'the first deployment');
    const copied = first.deployment.payload as { chatops: ChatopsPayload };
    const replay = statusJob({
      deploymentId: 2,
      statusId: 2,
      state: 'in_progress',
      payload: copied,
      creator: 'mallory',
    });
    await waitFor(completed(await n.addStatus(replay)), 'the replay');
    const later = statusJob({
      deploymentId: 1,
      statusId: 3,
      state: 'success',
      chatops: { slack: { channel: 'C0CHAT', ts } },
    });
    await waitFor(completed(await n.addStatus(later)), 'the first deployment again');

    const [bot] = mainMessages(n.slack, 'C0CHAT');
    expect(bot!.ts).toBe(ts);
    expect(bot!.history.slice(1).map((h) => h.text)).toEqual([
      'alice deploying api feature-x (f95f852) to staging: in progress',
      'alice deployed api feature-x (f95f852) to staging: succeeded',
    ]);
    expect(mainMessages(n.slack, 'C0STAGING').map((m) => m.text)).toEqual([
      'mallory deploying api feature-x (f95f852) to staging: in progress',
    ]);
    expect(warnings().map((w) => w.msg)).toEqual([
      "deployment replays another deployment's signed chatops payload; treated as made outside chat",
    ]);
  });
});
