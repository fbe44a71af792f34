import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import { createLockStore, readChatopsPayload } from '@chatops/shared';
import { createHarness, repliesTo, settled, type Harness } from '../helpers/harness.js';

let h: Harness;
beforeEach(async () => {
  h = await createHarness();
  h.startWorker();
});
afterEach(async () => {
  await h.close();
});

async function run(text: string, user = 'U0ALICE'): Promise<Array<Record<string, any>>> {
  const { trigger, responseId } = await h.command(text, { user_id: user });
  await settled(h, trigger);
  return repliesTo(h, responseId);
}

/** A deployment made straight on the fake GitHub, with statuses. */
async function deployed(ref: string, environment: string, states: string[], task = 'deploy'): Promise<number> {
  const res = await fetch(`${h.github.url}/repos/acme/api/deployments`, {
    method: 'POST',
    headers: { authorization: 'token ghp_testtoken123456', 'content-type': 'application/json' },
    body: JSON.stringify({ ref, environment, task, required_contexts: [], auto_merge: false, payload: { chatops: { version: 1, app: 'api', requester: { slack_user_id: 'U0BOB', name: 'Bob' } } } }),
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

describe('locks', () => {
  it('lock, refuse others with holder/reason/age, let the holder deploy, list, and unlock', async () => {
    expect(await run('lock api staging db migration')).toEqual([
      { response_type: 'in_channel', text: '<@U0ALICE> locked api staging (db migration). Others cannot deploy there until `unlock api staging`.' },
    ]);
    const locks = createLockStore(h.redis, h.prefix);
    expect(await locks.get('acme/api', 'staging')).toMatchObject({ holder: { slack_user_id: 'U0ALICE' }, reason: 'db migration' });
    h.now.ms += 5 * 60_000;
    expect((await run('api to staging', 'U0BOB'))[0]!.text).toBe(
      'staging of acme/api is locked by <@U0ALICE>: "db migration" (5m ago). Only they may deploy there until it is unlocked.',
    );
    expect(h.github.deployments).toHaveLength(0);
    expect((await run('api to staging', 'U0ALICE'))[0]!.text).toContain('created');
    expect(h.github.deployments).toHaveLength(1);
    expect((await run('locks', 'U0BOB'))[0]!.text).toBe('Locked environments:\n• acme/api staging: locked by <@U0ALICE> "db migration", 5m ago');
    expect((await run('lock api staging', 'U0BOB'))[0]!.text).toContain('is locked by <@U0ALICE>');
    expect((await run('unlock api staging', 'U0BOB'))[0]!.text).toBe('Only the holder <@U0ALICE> or <@U0ALICE> may unlock api staging.');
    expect((await run('unlock api staging', 'U0ALICE'))[0]).toEqual({ response_type: 'in_channel', text: '<@U0ALICE> unlocked api staging.' });
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
    expect(refused.body.text).toBe('You may not deploy to production. Those who may: <@U0ALICE>, <!subteam^S0OPS>.');
    expect(h.github.deployments).toHaveLength(1);
  });
});

describe('confirmation buttons', () => {
  const press = (user: string, actionId: string, value: string, responseId: string, trigger: string) =>
    h.press({
      type: 'block_actions',
      trigger_id: trigger,
      team: { id: 'T0FAKE' },
      user: { id: user, name: user.toLowerCase() },
      channel: { id: 'C0DEPLOYS' },
      container: { type: 'message', channel_id: 'C0DEPLOYS', is_ephemeral: true },
      response_url: h.slack.responseUrl(responseId),
      actions: [{ type: 'button', action_id: actionId, value, action_ts: `${Date.now() / 1000}` }],
    });

  it('refuses a press by someone else, deploys on the requester’s Confirm, and replaces the buttons with the outcome', async () => {
    const asked = await h.command('api to gated');
    const value = asked.body.blocks[1].elements[0].value as string;
    expect((await press('U0BOB', 'chatops_confirm', value, 'bob', 't-bob')).status).toBe(200);
    await settled(h, 't-bob');
    expect(repliesTo(h, 'bob')).toEqual([{ response_type: 'ephemeral', text: 'Only <@U0ALICE>, who asked, may confirm or cancel this.', replace_original: false }]);
    expect(h.github.deployments).toHaveLength(0);
    await press('U0ALICE', 'chatops_confirm', value, 'alice', 't-alice');
    await settled(h, 't-alice');
    expect(h.github.deployments).toHaveLength(1);
    expect(h.github.deployments[0]!.environment).toBe('gated');
    const replies = repliesTo(h, 'alice');
    expect(replies[0]).toEqual({ response_type: 'ephemeral', replace_original: true, text: 'Confirmed by <@U0ALICE>: deploy api to gated…' });
    expect(replies.at(-1)).toMatchObject({ replace_original: true, text: expect.stringContaining('created') });
    await press('U0ALICE', 'chatops_confirm', value, 'again', 't-again');
    await settled(h, 't-again');
    expect(repliesTo(h, 'again')[0]!.text).toBe('This confirmation has expired (5 minutes) or was already answered. Run the command again.');
    expect(h.github.deployments).toHaveLength(1);
  });

  it('Cancel creates nothing, and a press after 5 minutes is refused as expired', async () => {
    const a = await h.command('api to gated');
    await press('U0ALICE', 'chatops_cancel', a.body.blocks[1].elements[1].value, 'c1', 't-c1');
    await settled(h, 't-c1');
    expect(repliesTo(h, 'c1')).toEqual([{ response_type: 'ephemeral', replace_original: true, text: 'Cancelled: deploy api to gated. Nothing was deployed.' }]);
    const b = await h.command('api to gated');
    h.now.ms += 5 * 60_000 + 1000;
    await press('U0ALICE', 'chatops_confirm', b.body.blocks[1].elements[0].value, 'c2', 't-c2');
    await settled(h, 't-c2');
    expect(repliesTo(h, 'c2')[0]!.text).toBe('This confirmation has expired (5 minutes) or was already answered. Run the command again.');
    expect(h.github.deployments).toHaveLength(0);
  });

  it('answers 401 to an unsigned press and 400 to a malformed payload, enqueueing nothing', async () => {
    const unsigned = await h.inject({ method: 'POST', url: '/slack/interactions', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'payload=%7B%7D' });
    expect(unsigned.statusCode).toBe(401);
    const bad = await h.press({ nope: true });
    expect(bad.status).toBe(400);
    expect(JSON.parse(bad.body)).toEqual({ error: 'malformed_body', message: '[bot] the interaction payload lacks user or type' });
    expect(await h.queues.commands.count()).toBe(0);
  });
});

describe('cancel and health go to the other services’ queues', () => {
  it('cancel → deployment-control job "cancel" with a deterministic id', async () => {
    const { trigger, responseId } = await h.command('cancel api staging');
    await settled(h, trigger);
    const job = await h.queues.control.getJob(`cancel-${trigger.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
    expect(job?.name).toBe('cancel');
    expect(job?.data).toMatchObject({ action: 'cancel', repository: 'acme/api', environment: 'staging', requested_by: { slack_user_id: 'U0ALICE', name: 'alice' } });
    expect(repliesTo(h, responseId)[0]!.text).toBe('Asked to cancel the waiting or running deployment of api to staging.');
  });

  it('health → health-checks job "probe" with where to reply', async () => {
    const { trigger, responseId } = await h.command('health api');
    await settled(h, trigger);
    const [job] = await h.queues.health.getJobs(['waiting', 'delayed', 'prioritized']);
    expect(job?.name).toBe('probe');
    expect(job?.data).toEqual({ app: 'api', environment: 'health', reply: { response_url: h.slack.responseUrl(responseId), channel: 'C0DEPLOYS', user_id: 'U0ALICE' } });
  });
});

describe('where, history, rollback, destroy (read from GitHub)', () => {
  it('where: each environment with its lock and last deployment', async () => {
    const id = await deployed('main', 'staging', ['in_progress', 'success']);
    await run('lock api staging testing');
    const text = (await run('where api'))[0]!.text as string;
    expect(text).toContain(`• *staging*: #${id} \`main\` (\`aaaaaaa\`) success by <@U0BOB>, 0s ago`);
    expect(text).toContain('locked by <@U0ALICE> "testing"');
    expect(text).toContain('• *production*: never deployed');
  });

  it('history: the last deployments with state, requester, ref, sha and age', async () => {
    const a = await deployed('main', 'staging', ['failure']);
    const b = await deployed('feature-x', 'production', ['success']);
    const text = (await run('history api'))[0]!.text as string;
    expect(text.split('\n')).toEqual([
      'Last deployments of *api*:',
      `• production: #${b} \`feature-x\` (\`bbbbbbb\`) success by <@U0BOB>, 0s ago`,
      `• staging: #${a} \`main\` (\`aaaaaaa\`) failure by <@U0BOB>, 0s ago`,
    ]);
    expect((await run('history api staging'))[0]!.text).not.toContain('production');
  });

  it('rollback: deploys the sha of the last successful deployment before the current one, recorded as rollback_of', async () => {
    const good = await deployed('main', 'staging', ['success']);
    await deployed('feature-x', 'staging', ['failure']);
    const current = await deployed('feature-x', 'staging', ['success']);
    const replies = await run('rollback api staging');
    expect(replies[0]!.text).toBe(`Rolling back api staging from \`bbbbbbb\` (#${current}) to \`aaaaaaa\` (#${good}).`);
    const d = h.github.deployments.at(-1)!;
    expect(d.request).toMatchObject({ ref: 'a'.repeat(40), environment: 'staging', auto_merge: false });
    expect(readChatopsPayload(d.payload)?.rollback_of).toBe(current);
  });

  it('rollback with nothing to roll back to says so', async () => {
    await deployed('main', 'staging', ['success']);
    expect((await run('rollback api staging'))[0]!.text).toBe('I found no earlier successful deployment of api to staging to roll back to.');
  });

  it('destroy: sends the teardown task to the branch’s transient environment', async () => {
    await run('api/feature-x to review');
    await run('destroy api/feature-x review');
    const d = h.github.deployments.at(-1)!;
    expect(d.request).toMatchObject({ ref: 'feature-x', environment: 'review-feature-x', task: 'destroy', transient_environment: true, required_contexts: [], auto_merge: false });
  });

  it('destroy of a branch environment never deployed says so', async () => {
    expect((await run('destroy api review-nothing'))[0]!.text).toBe('review-nothing of api has never been deployed; nothing to destroy.');
  });
});
