import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { signChatopsPayload, verifyChatopsPayload } from '@chatops/shared/contracts';
import { createLockStore } from '@chatops/shared/runtime';
import { slackSignatureHeaders } from '@chatops/testkit';
import { createHarness, PAYLOAD_SECRET, repliesTo, settled, SIGNING_SECRET, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  h.startWorker();
});
afterEach(async () => {
  await h.close();
});

async function run(text: string, user = 'U0ALICE'): Promise<Array<Record<string, unknown>>> {
  const { trigger, responseId } = await h.command(text, { user_id: user });
  await settled(h, trigger);
  return repliesTo(h, responseId);
}

/** The chatops object a deployment made outside the bot carries: unsigned, so it names no one. */
const unsigned = { version: 1 as const, app: 'api', requester: { slack_user_id: 'U0BOB', name: 'Bob' } };

/** A deployment made straight on the fake GitHub, with statuses; `chatops` signed by the bot when `signed`. */
async function deployed(
  ref: string,
  environment: string,
  states: string[],
  opts: { task?: string; signed?: { branch?: string } } = {},
): Promise<number> {
  const task = opts.task ?? 'deploy';
  const chatops = opts.signed
    ? signChatopsPayload(
        {
          ...unsigned,
          ...(opts.signed.branch ? { branch: opts.signed.branch } : {}),
          nonce: randomBytes(16).toString('hex'),
        },
        { repository: 'acme/api', environment, ref, task },
        PAYLOAD_SECRET,
      )
    : unsigned;
  const res = await fetch(`${h.github.url}/repos/acme/api/deployments`, {
    method: 'POST',
    headers: { authorization: 'token ghp_testtoken123456', 'content-type': 'application/json' },
    body: JSON.stringify({ ref, environment, task, required_contexts: [], auto_merge: false, payload: { chatops } }),
  });
  const { id } = (await res.json()) as { id: number };
  for (const state of states) {
    await fetch(`${h.github.url}/repos/acme/api/deployments/${id}/statuses`, {
      method: 'POST',
      headers: { authorization: 'token ghp_testtoken123456', 'content-type': 'application/json' },
      body: JSON.stringify({ state }),
    });
  }
  return id;
}

/** The chatops object of the bot's newest deployment, as heaven would verify it. */
function signedChatops(d: Record<string, unknown>) {
  const target = {
    repository: 'acme/api',
    environment: String(d.environment),
    ref: String(d.ref),
    task: String(d.task),
  };
  const trust = verifyChatopsPayload(d.payload, target, PAYLOAD_SECRET);
  if (trust.kind !== 'signed') throw new Error(`not signed: ${JSON.stringify(trust)}`);
  return trust.chatops;
}

describe('locks', () => {
  it('lock, refuse others with holder/reason/age, let the holder deploy, list, and unlock', async () => {
    expect(await run('lock api staging db migration')).toEqual([
      {
        response_type: 'in_channel',
        text: '<@U0ALICE> locked api staging (db migration). Others cannot deploy there until `unlock api staging`.',
      },
    ]);
    const locks = createLockStore(h.redis, h.prefix);
    expect(await locks.get('acme/api', 'staging')).toMatchObject({
      holder: { slack_user_id: 'U0ALICE' },
      reason: 'db migration',
    });
    h.now.ms += 5 * 60_000;
    expect((await run('api to staging', 'U0BOB'))[0]!.text).toBe(
      'staging of acme/api is locked by <@U0ALICE>: "db migration" (5m 00s ago). ' +
        'Only they may deploy there until it is unlocked.',
    );
    expect(h.github.deployments).toHaveLength(0);
    expect((await run('api to staging', 'U0ALICE'))[0]!.text).toContain('created');
    expect(h.github.deployments).toHaveLength(1);
    expect((await run('locks', 'U0BOB'))[0]!.text).toBe(
      'Locked environments:\n• acme/api staging: locked by <@U0ALICE> "db migration", 5m 00s ago',
    );
    expect((await run('lock api staging', 'U0BOB'))[0]!.text).toContain('is locked by <@U0ALICE>');
    expect((await run('unlock api staging', 'U0BOB'))[0]!.text).toBe(
      'Only the holder <@U0ALICE> or <@U0ALICE> may unlock api staging.',
    );
    expect((await run('unlock api staging', 'U0ALICE'))[0]).toEqual({
      response_type: 'in_channel',
      text: '<@U0ALICE> unlocked api staging.',
    });
    expect(await locks.get('acme/api', 'staging')).toBeNull();
    expect((await run('locks'))[0]!.text).toBe('No environment is locked.');
  });

  it('a reason cannot ping the channel: Slack markup in it is escaped', async () => {
    expect((await run('lock api staging <!channel> look'))[0]!.text).toBe(
      '<@U0ALICE> locked api staging (&lt;!channel&gt; look). Others cannot deploy there until `unlock api staging`.',
    );
  });

  it('an overrider may unlock someone else’s lock, and the holder is told', async () => {
    await run('lock api staging', 'U0BOB');
    expect((await run('unlock api staging', 'U0ALICE'))[0]).toEqual({
      response_type: 'in_channel',
      text: '<@U0ALICE> unlocked api staging. <@U0BOB>, your lock was overridden.',
    });
  });
});

describe('who may: user groups resolved in the worker', () => {
  it('a member of a listed user group deploys; the group is cached; a non-member is refused', async () => {
    h.github.setCommitStatus('acme/api', 'a'.repeat(40), 'ci/test', 'success');
    expect((await run('api to prod', 'U0CAROL'))[0]!.text).toContain('created');
    expect(h.slack.callsOf('usergroups.users.list')).toHaveLength(1);
    const refused = await h.command('api to prod', { user_id: 'U0BOB' });
    expect(refused.body!.text).toBe('You may not deploy to production. Those who may: <@U0ALICE>, <!subteam^S0OPS>.');
    expect(h.github.deployments).toHaveLength(1);
  });
});

describe('confirmation buttons', () => {
  const press = (
    user: string,
    actionId: string,
    message: { channel: string; ts: string; blocks?: unknown[] },
    responseId: string,
    trigger: string,
  ) => {
    const actions = (
      message.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>
    ).find((b) => b.type === 'actions')!;
    const button = actions.elements!.find((e) => e.action_id === actionId)!;
    return h.press({
      type: 'block_actions',
      trigger_id: trigger,
      team: { id: 'T0FAKE' },
      user: { id: user, name: user.toLowerCase() },
      channel: { id: message.channel },
      container: { type: 'message', message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
      message: { ts: message.ts, blocks: message.blocks },
      response_url: h.slack.responseUrl(responseId),
      actions: [{ ...button, type: 'button', action_ts: `${Date.now() / 1000}` }],
    });
  };
  const ask = async (text = 'api to gated') => {
    const asked = await h.command(text);
    await settled(h, asked.trigger);
    const message = h.slack.messages.at(-1)!;
    return { ...asked, message, question: { channel: message.channel, ts: message.ts, blocks: message.blocks } };
  };

  it(
    'posts the question in the channel, refuses a press by someone else, ' +
      'deploys on the requester’s Confirm in the same message',
    async () => {
      const { message, question, responseId } = await ask();
      expect(message.channel).toBe('C0DEPLOYS');
      expect(message.text).toBe('<@U0ALICE> asks to deploy *api*/`main` to *gated*. Confirm within 5 minutes?');
      expect(repliesTo(h, responseId)).toEqual([
        {
          response_type: 'ephemeral',
          text: 'Waiting for your confirmation: press Confirm on the message in the channel within 5 minutes.',
        },
      ]);
      expect(h.github.deployments).toHaveLength(0);

      expect((await press('U0BOB', 'chatops_confirm', question, 'bob', 't-bob')).status).toBe(200);
      await settled(h, 't-bob');
      expect(repliesTo(h, 'bob')).toEqual([
        {
          response_type: 'ephemeral',
          replace_original: false,
          text: 'Only <@U0ALICE>, who asked, may confirm or cancel this.',
        },
      ]);
      expect(h.github.deployments).toHaveLength(0);

      await press('U0ALICE', 'chatops_confirm', question, 'alice', 't-alice');
      await settled(h, 't-alice');
      expect(h.github.deployments).toHaveLength(1);
      const d = h.github.deployments[0]!;
      expect(d.environment).toBe('gated');
      expect(d.payload).toMatchObject({
        chatops: { confirmed_by: 'U0ALICE', slack: { channel: 'C0DEPLOYS', ts: message.ts } },
      });
      expect(h.slack.messages).toHaveLength(1);
      expect(message.history[1]).toMatchObject({
        text: '<@U0ALICE> confirmed "deploy api/main to gated"…',
        blocks: [],
      });
      expect(message.blocks).toEqual([]);
      expect(message.text).toContain(`deployment #${d.id} created`);
      expect(repliesTo(h, 'alice').at(-1)).toMatchObject({
        replace_original: false,
        text: expect.stringContaining('created'),
      });

      await press('U0ALICE', 'chatops_confirm', question, 'again', 't-again');
      await settled(h, 't-again');
      expect(repliesTo(h, 'again')[0]!.text).toBe(
        'This confirmation has expired (5 minutes) or was already answered. Run the command again.',
      );
      expect(h.github.deployments).toHaveLength(1);
    },
  );

  it('Cancel creates nothing and says so in the message', async () => {
    const { message, question } = await ask();
    await press('U0ALICE', 'chatops_cancel', question, 'c1', 't-c1');
    await settled(h, 't-c1');
    expect(message.text).toBe('<@U0ALICE> cancelled "deploy api/main to gated". Nothing was deployed.');
    expect(message.blocks).toEqual([]);
    expect(h.github.deployments).toHaveLength(0);
  });

  it('a press after 5 minutes is refused; the scheduled expiry then closes the question', async () => {
    const { message, question, trigger } = await ask();
    h.now.ms += 5 * 60_000 + 1000;
    await press('U0ALICE', 'chatops_confirm', question, 'c2', 't-c2');
    await settled(h, 't-c2');
    expect(repliesTo(h, 'c2')[0]!.text).toBe(
      'This confirmation has expired (5 minutes) or was already answered. Run the command again.',
    );
    const expiry = await h.queues.commands.getJob(`expire-${trigger.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
    expect(await expiry!.getState()).toBe('delayed');
    expect(expiry!.opts.delay).toBe(301_000);
    await expiry!.changeDelay(0);
    await settled(h, trigger, expiry!.id);
    expect(message.text).toBe(
      'Expired: nobody confirmed "deploy api/main to gated" within 5 minutes. Nothing was deployed.',
    );
    expect(h.github.deployments).toHaveLength(0);
  });

  it('a rollback to a confirm environment asks first, then deploys the resolved sha', async () => {
    await deployed('main', 'gated', ['success']);
    const current = await deployed('feature-x', 'gated', ['success']);
    const { message, question } = await ask('rollback api gated');
    expect(message.text).toBe(
      '<@U0ALICE> asks to deploy *api*/`aaaaaaa` to *gated* (rolling back deployment #' +
        current +
        '). Confirm within 5 minutes?',
    );
    await press('U0ALICE', 'chatops_confirm', question, 'rb', 't-rb');
    await settled(h, 't-rb');
    expect(h.github.deployments.at(-1)!.request).toMatchObject({
      ref: 'a'.repeat(40),
      environment: 'gated',
      payload: { chatops: { rollback_of: current, confirmed_by: 'U0ALICE', branch: 'main' } },
    });
  });

  it('answers 401 to an unsigned press and 400 to a malformed payload, enqueueing nothing', async () => {
    const unsigned = await h.inject({
      method: 'POST',
      url: '/slack/interactions',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'payload=%7B%7D',
    });
    expect(unsigned.statusCode).toBe(401);
    const bad = await h.press({ nope: true });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({
      error: 'malformed_body',
      message: 'the interaction payload lacks user or type',
    });
    const notJson = await h.inject({
      method: 'POST',
      url: '/slack/interactions',
      headers: slackSignatureHeaders(SIGNING_SECRET, 'payload=%7Bnot', Math.floor(h.now.ms / 1000)),
      payload: 'payload=%7Bnot',
    });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.json()).toEqual({
      error: 'malformed_body',
      message: 'expected a form field payload holding JSON',
    });
    expect(await h.queues.commands.count()).toBe(0);
  });
});

describe('cancel and health go to the other services’ queues', () => {
  it('cancel → deployment-control job "cancel" with a deterministic id', async () => {
    const { trigger, responseId } = await h.command('cancel api staging');
    await settled(h, trigger);
    const job = await h.queues.control.getJob(`cancel-${trigger.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
    expect(job?.name).toBe('cancel');
    expect(job?.data).toMatchObject({
      action: 'cancel',
      repository: 'acme/api',
      environment: 'staging',
      requested_by: { slack_user_id: 'U0ALICE', name: 'alice' },
    });
    expect(repliesTo(h, responseId)[0]!.text).toBe(
      'Asked to cancel the waiting or running deployment of api to staging.',
    );
  });

  it('health → health-checks job "probe" with where to reply', async () => {
    const { trigger, responseId } = await h.command('health api');
    await settled(h, trigger);
    const [job] = await h.queues.health.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(job?.name).toBe('probe');
    expect(job?.data).toEqual({
      app: 'api',
      environment: 'health',
      reply: { response_url: h.slack.responseUrl(responseId), channel: 'C0DEPLOYS', user_id: 'U0ALICE' },
    });
  });
});

describe('where, history, rollback, destroy (read from GitHub)', () => {
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
    const res = await fetch(`${h.github.url}/repos/acme/api/deployments`, {
      method: 'POST',
      headers: { authorization: 'token ghp_testtoken123456', 'content-type': 'application/json' },
      body: JSON.stringify({
        ref: 'main',
        environment: 'production',
        required_contexts: [],
        auto_merge: false,
        payload: { chatops: signed },
      }),
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
    await fetch(`${h.github.url}/repos/acme/api/deployments`, {
      method: 'POST',
      headers: { authorization: 'token ghp_testtoken123456', 'content-type': 'application/json' },
      body: JSON.stringify({
        ref: 'a'.repeat(40),
        environment: 'staging',
        required_contexts: [],
        auto_merge: false,
        payload: { chatops: forged },
      }),
    });
    await deployed('feature-x', 'staging', ['success']);
    const statuses = h.github.deployments.at(-2)!;
    await fetch(`${h.github.url}/repos/acme/api/deployments/${statuses.id}/statuses`, {
      method: 'POST',
      headers: { authorization: 'token ghp_testtoken123456', 'content-type': 'application/json' },
      body: JSON.stringify({ state: 'success' }),
    });
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
