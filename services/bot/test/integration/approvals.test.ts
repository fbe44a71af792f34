import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { verifyChatopsPayload } from '@chatops/shared/contracts';
import { createApprovalStore } from '../../src/stores/approval-store.js';
import { deployOnGitHub, signedChatopsOf } from '../helpers/deployments.js';
import { createHarness, PAYLOAD_SECRET, repliesTo, settled, type Harness } from '../helpers/harness.js';

/** `live` needs 2 approvals of Bob or the S0OPS group (Carol); `gated` asks to confirm first, then 1 approval. */
const APPROVAL_CONFIG = `
defaults: { environment: staging, channel: C0DEPLOYS }
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: {}
      live:
        overriders: [U0ALICE]
        approval: { required: 2, approvers: [U0BOB, S0OPS], expires_after: 30m }
        freezes:
          - { from: '12:45', to: '14:00', reason: Lunch freeze }
      gated:
        confirm: true
        approval: { approvers: [U0BOB] }
`;

/** 12:30 UTC: before the daily freeze of live (12:45 to 14:00). */
const NOON = Date.parse('2026-12-02T12:30:00Z');

let h: Harness;
beforeEach(async () => {
  h = await createHarness({ configText: APPROVAL_CONFIG });
  h.now.ms = NOON;
  h.slack.addUser({ id: 'U0CAROL', name: 'carol', display_name: 'Carol' });
  h.slack.addUser({ id: 'U0DAVE', name: 'dave', display_name: 'Dave' });
  h.startWorker();
});
afterEach(async () => {
  await h.close();
});

type Message = { channel: string; ts: string; text: string; blocks?: unknown[] };
type Element = { action_id: string; value: string; confirm?: unknown };

const buttonsOf = (message: Message): Element[] =>
  ((message.blocks ?? []) as Array<{ type: string; elements?: Element[] }>).find((b) => b.type === 'actions')
    ?.elements ?? [];

let presses = 0;
/** The buttons each message showed last: a press on a screen not yet updated still sends them. */
const shown = new Map<string, Element[]>();
/** A press of Approve or Reject (with the reason typed in the request's field) by `user`; its answers. */
async function press(user: string, message: Message, action: 'approve' | 'reject', reason?: string) {
  presses += 1;
  const trigger = `press-${presses}-${user}`;
  if (buttonsOf(message).length) shown.set(message.ts, buttonsOf(message));
  const button = shown.get(message.ts)!.find((e) => e.action_id === `chatops_${action}`)!;
  const res = await h.press({
    type: 'block_actions',
    trigger_id: trigger,
    team: { id: 'T0FAKE' },
    user: { id: user, name: user.toLowerCase() },
    channel: { id: message.channel },
    container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
    message: { ts: message.ts, blocks: message.blocks },
    response_url: h.slack.responseUrl(trigger),
    actions: [{ ...button, type: 'button', action_ts: `${Date.now() / 1000}` }],
    ...(reason !== undefined
      ? { state: { values: { chatops_reject_reason: { reason: { type: 'plain_text_input', value: reason } } } } }
      : {}),
  });
  expect(res.status).toBe(200);
  await settled(h, trigger);
  return repliesTo(h, trigger).map((r) => String(r.text));
}

/** Alice asks to deploy; the request in the channel (a live view of the fake's message) and her answers. */
async function ask(text: string) {
  const { trigger, responseId } = await h.command(text);
  await settled(h, trigger);
  return { trigger, message: h.slack.messages.at(-1)!, replies: repliesTo(h, responseId).map((r) => r.text) };
}

const slackTime = (ms: number) => {
  const iso = new Date(ms).toISOString();
  return `<!date^${Math.floor(ms / 1000)}^{date_short_pretty} {time}|${iso.slice(0, 16).replace('T', ' ')} UTC>`;
};
const EXPIRES = slackTime(NOON + 30 * 60_000);
const A7 = 'a'.repeat(7);

describe('approvals (two-person rule)', () => {
  it(
    'posts the request with what an approver needs; refuses the requester, a non-approver and a second press; ' +
      'the last approval creates the deployment with the approvals signed in, in the same message',
    async () => {
      await deployOnGitHub(h, 'main', 'live', ['success']);
      const head = h.github.push('acme/api', 'feature-x', 'approval-head', 'Fix <!channel> & *bold*\n\nbody');
      const { message, replies } = await ask('api/feature-x to live');
      expect(replies).toEqual([
        'Waiting for approval: nothing is deployed until 2 approvers approve it in the channel (within 30m).',
      ]);
      expect(h.github.deployments).toHaveLength(1); // only the one made above: nothing created yet
      const compare = `https://github.com/acme/api/compare/${'a'.repeat(40)}...${head}`;
      const context = [
        `<@U0ALICE> asks to deploy *api*/\`feature-x\` (\`${head.slice(0, 7)}\`) to *live*.`,
        `<${compare}|2 commits> since what runs there now (\`${A7}\`):`,
        '• `bbbbbbb` fake commit (Fake Author)',
        `• \`${head.slice(0, 7)}\` Fix &lt;!channel&gt; &amp; *bold* (Fake Author)`,
      ].join('\n');
      expect(message.channel).toBe('C0DEPLOYS');
      expect(message.text).toBe(`${context}\n*Approvals: 0 of 2.* Expires ${EXPIRES}.`);
      const [approve, reject] = buttonsOf(message);
      expect(approve).toMatchObject({
        action_id: 'chatops_approve',
        confirm: {
          title: { type: 'plain_text', text: 'Approve this deploy?' },
          confirm: { type: 'plain_text', text: 'Approve' },
        },
      });
      expect(reject).toMatchObject({ action_id: 'chatops_reject' });
      expect(approve!.value).toBe(reject!.value);
      expect(approve!.value).not.toContain('feature-x'); // a server-side id, no data

      expect(await press('U0ALICE', message, 'approve')).toEqual([
        'You asked for this deploy, so you cannot approve it: someone else must.',
      ]);
      // An answer never replaces the request.
      expect(repliesTo(h, `press-${presses}-U0ALICE`)[0]).toMatchObject({ replace_original: false });
      expect(await press('U0DAVE', message, 'approve')).toEqual([
        'You may not approve this deploy. Those who may: <@U0BOB>, <!subteam^S0OPS>.',
      ]);
      h.now.ms += 60_000;
      expect(await press('U0BOB', message, 'approve')).toEqual(['You approved it (1 of 2); it waits for 1 more.']);
      const bobAt = slackTime(NOON + 60_000);
      expect(message.text).toBe(
        `${context}\n*Approvals: 1 of 2.* Approved by <@U0BOB> (${bobAt}). Expires ${EXPIRES}.`,
      );
      expect(buttonsOf(message)).toHaveLength(2);
      expect(await press('U0BOB', message, 'approve')).toEqual([
        'You already approved this deploy; an approver counts once (1 of 2).',
      ]);
      expect(h.github.deployments).toHaveLength(1);

      h.now.ms += 60_000;
      await press('U0CAROL', message, 'approve');
      expect(h.github.deployments).toHaveLength(2);
      const d = h.github.deployments[1]!;
      const approvals = [
        { slack_user_id: 'U0BOB', name: 'Bob', at: new Date(NOON + 60_000).toISOString() },
        { slack_user_id: 'U0CAROL', name: 'Carol', at: new Date(NOON + 120_000).toISOString() },
      ];
      expect(d.request).toMatchObject({ ref: head, auto_merge: false });
      const trust = verifyChatopsPayload(
        d.payload,
        { repository: 'acme/api', environment: 'live', ref: head, task: 'deploy' },
        PAYLOAD_SECRET,
      );
      expect(trust).toMatchObject({
        kind: 'signed',
        chatops: {
          approvals,
          branch: 'feature-x',
          requester: { slack_user_id: 'U0ALICE' },
          slack: { ts: message.ts },
        },
      });
      expect(h.slack.messagesIn('C0DEPLOYS')).toHaveLength(1);
      expect(message.blocks).toEqual([]);
      expect(message.text).toContain(`deployment #${d.id} created`);
      expect(message.text).toContain(`Approved by <@U0BOB> (${bobAt}), <@U0CAROL> (${slackTime(NOON + 120_000)}).`);

      expect(await press('U0BOB', message, 'approve')).toEqual([
        'This deploy was already approved; nothing more is needed.',
      ]);
      expect(h.github.deployments).toHaveLength(2);
    },
  );

  it(
    'the last approval deploys the commit the request showed, as its sha with its branch signed, ' +
      'even when the branch moved on meanwhile (a later push was not approved)',
    async () => {
      const shownSha = h.github.push('acme/api', 'feature-x', 'approved-commit');
      const { message } = await ask('api/feature-x to live');
      expect(message.text.split('\n')[0]).toBe(
        `<@U0ALICE> asks to deploy *api*/\`feature-x\` (\`${shownSha.slice(0, 7)}\`) to *live*.`,
      );
      await press('U0BOB', message, 'approve');
      const later = h.github.push('acme/api', 'feature-x', 'pushed-after-the-request');
      expect(later).not.toBe(shownSha);
      await press('U0CAROL', message, 'approve');
      expect(h.github.deployments).toHaveLength(1);
      const d = h.github.deployments[0]!;
      expect(d.request).toMatchObject({ ref: shownSha, auto_merge: false });
      expect(d.sha).toBe(shownSha);
      const trust = verifyChatopsPayload(
        d.payload,
        { repository: 'acme/api', environment: 'live', ref: shownSha, task: 'deploy' },
        PAYLOAD_SECRET,
      );
      expect(trust).toMatchObject({
        kind: 'signed',
        chatops: {
          branch: 'feature-x',
          approvals: [{ slack_user_id: 'U0BOB' }, { slack_user_id: 'U0CAROL' }],
        },
      });
      // People still read the branch; the message says which commit was deployed.
      expect(message.text.split('\n')[0]).toBe(
        `<@U0ALICE> is deploying *api*/\`feature-x\` (\`${shownSha.slice(0, 7)}\`) to *live*: ` +
          `deployment #${d.id} created.`,
      );
    },
  );

  it('a rollback into an environment with approval posts a request; once approved it deploys the old sha', async () => {
    const good = await deployOnGitHub(h, 'main', 'live', ['success']);
    const current = await deployOnGitHub(h, 'feature-x', 'live', ['success']);
    const { message, replies } = await ask('rollback api live');
    expect(replies).toEqual([
      `Rolling back api live from \`bbbbbbb\` (#${current}) to \`aaaaaaa\` (#${good}).`,
      'Waiting for approval: nothing is deployed until 2 approvers approve it in the channel (within 30m).',
    ]);
    expect(message.text).toBe(
      [
        `<@U0ALICE> asks to deploy *api*/\`aaaaaaa\` to *live* (rolling back deployment #${current}).`,
        `<https://github.com/acme/api/compare/${'b'.repeat(40)}...${'a'.repeat(40)}|0 commits> ` +
          'since what runs there now (`bbbbbbb`):',
        '(none: it is behind what runs there now)',
        `*Approvals: 0 of 2.* Expires ${EXPIRES}.`,
      ].join('\n'),
    );
    expect(h.github.deployments).toHaveLength(2);
    await press('U0BOB', message, 'approve');
    await press('U0CAROL', message, 'approve');
    expect(h.github.deployments).toHaveLength(3);
    const d = h.github.deployments[2]!;
    expect(d.request).toMatchObject({ ref: 'a'.repeat(40), environment: 'live', auto_merge: false });
    expect(signedChatopsOf(d)).toMatchObject({ rollback_of: current, branch: 'main' });
    expect(good).toBeLessThan(current);
  });

  it('Reject asks for a reason, then ends the request in place; a later Approve is refused', async () => {
    const { message } = await ask('api to live');
    expect(message.text).toContain('Nothing runs there yet (no earlier deployment).');
    expect(await press('U0DAVE', message, 'reject', 'no')).toEqual([
      'You may not reject this deploy. Those who may: <@U0BOB>, <!subteam^S0OPS>.',
    ]);
    expect(await press('U0BOB', message, 'reject', '  ')).toEqual([
      'Type the reason in the field "Reason, to reject" of the request, then press Reject.',
    ]);
    expect(buttonsOf(message)).toHaveLength(2);
    expect(await press('U0BOB', message, 'reject', 'not on a Friday <!here>')).toEqual([
      'You rejected it; nothing was deployed.',
    ]);
    expect(message.text.split('\n').at(-1)).toBe(
      '*Rejected* by <@U0BOB>: not on a Friday &lt;!here&gt;. Nothing was deployed.',
    );
    expect(message.blocks).toEqual([]);
    expect(await press('U0CAROL', message, 'approve')).toEqual([
      'This deploy was rejected; nothing was deployed. Run the command again to ask anew.',
    ]);
    expect(h.github.deployments).toHaveLength(0);
  });

  it('a press after the request expired is refused; the request says so in place; its expiry agrees', async () => {
    const { message, trigger } = await ask('api to live');
    h.now.ms += 60_000;
    await press('U0BOB', message, 'approve');
    h.now.ms = NOON + 30 * 60_000 + 1;
    expect(await press('U0CAROL', message, 'approve')).toEqual([
      'This approval request has expired; nothing was deployed. Run the command again to ask anew.',
    ]);
    expect(message.text.split('\n').at(-1)).toBe(
      `*Expired*: not approved in time (approved by <@U0BOB> (${slackTime(NOON + 60_000)})). Nothing was deployed.`,
    );
    expect(message.blocks).toEqual([]);
    const expiryId = `expire-approval-${trigger.replace(/[^A-Za-z0-9_.-]/g, '_')}`;
    const expiry = (await h.queues.commands.getJob(expiryId))!;
    expect(await expiry.getState()).toBe('delayed');
    expect(expiry.opts.delay).toBe(30 * 60_000 + 1000);
    const updates = h.slack.callsOf('chat.update').length;
    await expiry.changeDelay(0);
    await settled(h, trigger, expiry.id);
    expect(h.slack.callsOf('chat.update')).toHaveLength(updates); // already said; nothing to add
    expect(await press('U0BOB', message, 'approve')).toEqual([
      'This approval request has expired; nothing was deployed. Run the command again to ask anew.',
    ]);
    expect(h.github.deployments).toHaveLength(0);
  });

  it('the scheduled expiry closes a request nobody answered, in place', async () => {
    const { message, trigger } = await ask('api to live');
    const expiry = (await h.queues.commands.getJob(`expire-approval-${trigger.replace(/[^A-Za-z0-9_.-]/g, '_')}`))!;
    await expiry.changeDelay(0);
    await settled(h, trigger, expiry.id);
    expect(message.text.split('\n').at(-1)).toBe('*Expired*: not approved in time. Nothing was deployed.');
    expect(message.blocks).toEqual([]);
  });

  it('confirm first, then approvals: the question becomes the request in the same message', async () => {
    const { message, trigger } = await ask('api to gated');
    expect(message.text).toBe('<@U0ALICE> asks to deploy *api*/`main` to *gated*. Confirm within 5 minutes?');
    const confirm = buttonsOf(message).find((e) => e.action_id === 'chatops_confirm')!;
    await h.press({
      type: 'block_actions',
      trigger_id: 'confirm-1',
      team: { id: 'T0FAKE' },
      user: { id: 'U0ALICE', name: 'alice' },
      channel: { id: message.channel },
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
      response_url: h.slack.responseUrl('confirm-1'),
      actions: [{ ...confirm, type: 'button', action_ts: `${Date.now() / 1000}` }],
    });
    await settled(h, 'confirm-1');
    expect(h.github.deployments).toHaveLength(0);
    expect(message.text.startsWith('<@U0ALICE> asks to deploy *api*/`main` (`aaaaaaa`) to *gated*.')).toBe(true);
    expect(buttonsOf(message).map((e) => e.action_id)).toEqual(['chatops_approve', 'chatops_reject']);
    expect(repliesTo(h, 'confirm-1').at(-1)?.text).toBe(
      'Waiting for approval: nothing is deployed until an approver approves it in the channel (within 1h).',
    );
    expect(await h.queues.commands.getJob(`expire-approval-${trigger.replace(/[^A-Za-z0-9_.-]/g, '_')}`)).toBeTruthy();
    await press('U0BOB', message, 'approve');
    expect(h.github.deployments).toHaveLength(1);
    expect(h.github.deployments[0]!.payload).toMatchObject({
      chatops: { confirmed_by: 'U0ALICE', approvals: [{ slack_user_id: 'U0BOB', name: 'Bob' }] },
    });
    expect(h.slack.messagesIn('C0DEPLOYS')).toHaveLength(1);
  });

  it('the lock is checked again at the last approval: someone else’s lock refuses it, in place', async () => {
    const { message } = await ask('api to live');
    await press('U0BOB', message, 'approve');
    const lock = await h.command('lock api live', { user_id: 'U0DAVE' });
    await settled(h, lock.trigger);
    const [answer] = await press('U0CAROL', message, 'approve');
    const reason =
      'live of acme/api is locked by <@U0DAVE> (just now). ' +
      'Only they may deploy there until it is unlocked (it ends in 8h 00m).';
    expect(answer).toBe(`Approved, but not deployed: ${reason}`);
    expect(message.text.split('\n').at(-1)).toBe(
      `*Approved* (approved by <@U0BOB> (${slackTime(NOON)}), <@U0CAROL> (${slackTime(NOON)})), ` +
        `but not deployed: ${reason}`,
    );
    expect(message.blocks).toEqual([]);
    expect(h.github.deployments).toHaveLength(0);
  });

  it('freezes are checked again at the last approval: a freeze that began meanwhile refuses it', async () => {
    const { message } = await ask('api to live');
    await press('U0BOB', message, 'approve');
    h.now.ms = Date.parse('2026-12-02T12:50:00Z'); // the daily freeze began at 12:45
    const [answer] = await press('U0CAROL', message, 'approve');
    const reason =
      'api live is frozen until Wed 2026-12-02 14:00 UTC (in 1h 10m): Lunch freeze. ' +
      'To deploy anyway, give a reason: `/deploy api/main to live force REASON`';
    expect(answer).toBe(`Approved, but not deployed: ${reason}`);
    const carolAt = slackTime(Date.parse('2026-12-02T12:50:00Z'));
    expect(message.text.split('\n').at(-1)).toBe(
      `*Approved* (approved by <@U0BOB> (${slackTime(NOON)}), <@U0CAROL> (${carolAt})), but not deployed: ${reason}`,
    );
    expect(message.blocks).toEqual([]);
    expect(h.github.deployments).toHaveLength(0);
  });

  it('the store counts an approver once and ends a request once, whoever races (real Redis)', async () => {
    const store = createApprovalStore(h.redis, h.prefix);
    const approval = (id: string, at: string) => ({ slack_user_id: id, name: id, at });
    const [first, second] = await Promise.all([
      store.approve('r1', approval('U0BOB', '2026-12-02T12:31:00Z'), 'press-a', 60),
      store.approve('r1', approval('U0BOB', '2026-12-02T12:32:00Z'), 'press-b', 60),
    ]);
    expect(first.by).toBe(second.by);
    expect(await store.approvals('r1')).toHaveLength(1);
    await store.approve('r1', approval('U0CAROL', '2026-12-02T12:30:30Z'), 'press-c', 60);
    expect((await store.approvals('r1')).map((a) => a.slack_user_id)).toEqual(['U0CAROL', 'U0BOB']);
    const ends = await Promise.all(['press-b', 'press-c'].map((by) => store.end('r1', { kind: 'approved', by }, 60)));
    expect(ends[0]).toEqual(ends[1]);
    expect(await store.end('r1', { kind: 'expired' }, 60)).toEqual(ends[0]);
    expect(await store.ended('r1')).toEqual(ends[0]);
    expect(await h.redis.ttl(`${h.prefix}:bot:approval:r1:votes`)).toBeGreaterThan(0);
  });
});
