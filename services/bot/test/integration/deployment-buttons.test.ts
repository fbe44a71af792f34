import { afterEach, beforeEach, describe, expect, it } from '@jest/globals';
import type { DeploymentButton } from '@chatops/shared/contracts';
import { createDeploymentButtonStore, createLockStore } from '@chatops/shared/runtime';
import { deployOnGitHub, signedChatopsOf } from '../helpers/deployments.js';
import { answersTo, createHarness, repliesTo, settled, type Harness } from '../helpers/harness.js';

// Staging promotes to production; only alice may deploy to production; qa keeps no lock after a rollback;
// approved needs Bob's approval.
const CONFIG = `
defaults: { environment: staging, channel: C0DEPLOYS }
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: { promote_to: production }
      production: { production: true, deployers: [U0ALICE] }
      gated: { confirm: true }
      qa: { lock_after_rollback: false }
      approved: { approval: { approvers: [U0BOB] } }
`;

const MAIN = 'a'.repeat(40);
const FEATURE = 'b'.repeat(40);
const ACTION_IDS = { promote: 'chatops_promote', rollback: 'chatops_rollback', cancel: 'chatops_cancel_deployment' };

let h: Harness;
let seq = 0;

beforeEach(async () => {
  h = await createHarness({ configText: CONFIG });
  h.startWorker();
});
afterEach(async () => h.close());

/** A button as the notifier saves it for a deployment of acme/api, under a fresh opaque id. */
async function button(action: DeploymentButton['action'], deploymentId: number, over: Partial<DeploymentButton> = {}) {
  seq += 1;
  const id = `${'f'.repeat(24)}${String(seq).padStart(8, '0')}`;
  await createDeploymentButtonStore(h.redis, h.prefix).save(id, {
    action,
    deployment_id: deploymentId,
    repository: 'acme/api',
    app: 'api',
    environment: 'staging',
    github_environment: 'staging',
    sha: FEATURE,
    ref: 'feature-x',
    ...(action === 'promote' ? { target_environment: 'production' } : {}),
    created_at: new Date().toISOString(),
    ...over,
  });
  return { id, action };
}

/** Presses it as `user` on the deployment message in C0DEPLOYS; returns the private answers. */
async function press(b: { id: string; action: DeploymentButton['action'] }, user: string) {
  seq += 1;
  const trigger = `${Date.now()}.${seq}.press`;
  const responseId = `press-${seq}`;
  const res = await h.press({
    type: 'block_actions',
    trigger_id: trigger,
    team: { id: 'T0FAKE' },
    user: { id: user, name: user.toLowerCase() },
    channel: { id: 'C0DEPLOYS' },
    container: { type: 'message', message_ts: '1700000000.000100', channel_id: 'C0DEPLOYS', is_ephemeral: false },
    response_url: h.slack.responseUrl(responseId),
    actions: [{ type: 'button', action_id: ACTION_IDS[b.action], value: b.id, action_ts: `${Date.now() / 1000}` }],
  });
  expect(res.status).toBe(200);
  expect(await settled(h, trigger)).toBe('completed');
  return repliesTo(h, responseId);
}

const texts = (replies: Array<Record<string, unknown>>) => replies.map((r) => r.text);

describe('Promote', () => {
  it('deploys the exact sha to the promote_to environment as the presser, unmerged, its branch signed', async () => {
    const staging = await deployOnGitHub(h, 'feature-x', 'staging', ['success']);
    const replies = await press(await button('promote', staging), 'U0ALICE');
    expect(replies[0]).toEqual({
      response_type: 'ephemeral',
      replace_original: false,
      text: `Promoting api \`bbbbbbb\` (#${staging} on staging) to production.`,
    });
    const d = h.github.deployments.at(-1)!;
    expect(d.request).toMatchObject({ ref: FEATURE, environment: 'production', auto_merge: false });
    expect(signedChatopsOf(d)).toMatchObject({ requester: { slack_user_id: 'U0ALICE' }, branch: 'feature-x' });
    // Every answer of a press goes to the presser alone and leaves the deployment message as it is.
    expect(replies.every((r) => r.replace_original === false)).toBe(true);
  });

  it('refuses privately a presser who may not deploy to the target, and deploys nothing', async () => {
    const staging = await deployOnGitHub(h, 'feature-x', 'staging', ['success']);
    const before = h.github.deployments.length;
    expect(texts(await press(await button('promote', staging), 'U0BOB'))).toEqual([
      'You may not deploy to production. Those who may: <@U0ALICE>.',
    ]);
    expect(h.github.deployments).toHaveLength(before);
  });

  it('counts a second press by the same person once, and says so privately', async () => {
    const staging = await deployOnGitHub(h, 'feature-x', 'staging', ['success']);
    const b = await button('promote', staging);
    await press(b, 'U0ALICE');
    const created = h.github.deployments.length;
    expect(texts(await press(b, 'U0ALICE'))).toEqual([
      `You pressed Promote on the message of deployment #${staging} already; it counts once. ` +
        'What it did is in the channel.',
    ]);
    expect(h.github.deployments).toHaveLength(created);
  });

  it('goes through the target environment’s checks: a confirm environment asks first', async () => {
    const staging = await deployOnGitHub(h, 'feature-x', 'staging', ['success']);
    const before = h.github.deployments.length;
    const replies = await press(await button('promote', staging, { target_environment: 'gated' }), 'U0ALICE');
    expect(texts(replies)).toContain(
      'Waiting for your confirmation: press Confirm on the message in the channel within 5 minutes.',
    );
    expect(h.github.deployments).toHaveLength(before);
  });

  it('goes through the target environment’s checks: one with approval posts a request, deploys nothing', async () => {
    const staging = await deployOnGitHub(h, 'feature-x', 'staging', ['success']);
    const before = h.github.deployments.length;
    const replies = await press(await button('promote', staging, { target_environment: 'approved' }), 'U0ALICE');
    expect(texts(replies)).toEqual([
      `Promoting api \`bbbbbbb\` (#${staging} on staging) to approved.`,
      'Waiting for approval: nothing is deployed until an approver approves it in the channel (within 1h).',
    ]);
    expect(h.github.deployments).toHaveLength(before);
    const request = h.slack.messagesIn('C0DEPLOYS').at(-1)!;
    const expires = h.now.ms + 3600_000;
    const utc = new Date(expires).toISOString().slice(0, 16).replace('T', ' ');
    const at = `<!date^${Math.floor(expires / 1000)}^{date_short_pretty} {time}|${utc} UTC>`;
    expect(request.text).toBe(
      [
        '<@U0ALICE> asks to deploy *api*/`bbbbbbb` to *approved*.',
        'Nothing runs there yet (no earlier deployment).',
        `*Approvals: 0 of 1.* Expires ${at}.`,
      ].join('\n'),
    );
  });
});

describe('Rollback', () => {
  it('rolls back as the presser and locks the environment to them, "rolled back #N"', async () => {
    const good = await deployOnGitHub(h, 'main', 'staging', ['success']);
    const bad = await deployOnGitHub(h, 'feature-x', 'staging', ['failure']);
    const replies = await press(await button('rollback', bad), 'U0BOB');
    expect(replies[0]!.text).toBe(`Rolling back api staging from \`bbbbbbb\` (#${bad}) to \`aaaaaaa\` (#${good}).`);
    const d = h.github.deployments.at(-1)!;
    expect(d.request).toMatchObject({ ref: MAIN, environment: 'staging' });
    expect(signedChatopsOf(d)).toMatchObject({ rollback_of: bad, requester: { slack_user_id: 'U0BOB' } });
    const lock = await createLockStore(h.redis, h.prefix).get('acme/api', 'staging');
    expect(lock).toMatchObject({ holder: { slack_user_id: 'U0BOB' }, reason: `rolled back #${bad}` });
  });

  it('refuses a press on a message whose deployment is no longer the newest (stale)', async () => {
    await deployOnGitHub(h, 'main', 'staging', ['success']);
    const old = await deployOnGitHub(h, 'feature-x', 'staging', ['failure']);
    const newest = await deployOnGitHub(h, 'main', 'staging', ['success']);
    const before = h.github.deployments.length;
    expect(texts(await press(await button('rollback', old), 'U0ALICE'))).toEqual([
      `Deployment #${old} is no longer the newest of api staging (#${newest} is): nothing was rolled back. ` +
        'To roll back the newest one: `/deploy rollback api staging`.',
    ]);
    expect(h.github.deployments).toHaveLength(before);
  });

  it('refuses a second press by the same person (the first already rolled back)', async () => {
    await deployOnGitHub(h, 'main', 'staging', ['success']);
    const bad = await deployOnGitHub(h, 'feature-x', 'staging', ['failure']);
    const b = await button('rollback', bad);
    await press(b, 'U0ALICE');
    const created = h.github.deployments.length;
    expect(texts(await press(b, 'U0ALICE'))).toEqual([
      `You pressed Rollback on the message of deployment #${bad} already; it counts once. ` +
        'What it did is in the channel.',
    ]);
    expect(h.github.deployments).toHaveLength(created);
  });

  it('the /deploy rollback command locks too; lock_after_rollback: false keeps the environment unlocked', async () => {
    await deployOnGitHub(h, 'main', 'staging', ['success']);
    const bad = await deployOnGitHub(h, 'feature-x', 'staging', ['success']);
    await answersTo(h, 'rollback api staging');
    const locks = createLockStore(h.redis, h.prefix);
    expect(await locks.get('acme/api', 'staging')).toMatchObject({
      holder: { slack_user_id: 'U0ALICE' },
      reason: `rolled back #${bad}`,
    });
    await deployOnGitHub(h, 'main', 'qa', ['success']);
    await deployOnGitHub(h, 'feature-x', 'qa', ['success']);
    await answersTo(h, 'rollback api qa');
    expect(h.github.deployments.at(-1)!.request).toMatchObject({ ref: MAIN, environment: 'qa' });
    expect(await locks.get('acme/api', 'qa')).toBeNull();
  });
});

describe('Cancel', () => {
  it('asks heaven to cancel that deployment while it runs', async () => {
    const running = await deployOnGitHub(h, 'feature-x', 'staging', ['in_progress']);
    expect(texts(await press(await button('cancel', running), 'U0ALICE'))).toEqual([
      `Asked to cancel deployment #${running} of api to staging.`,
    ]);
    const [job] = await h.queues.control.getJobs(['waiting', 'active', 'completed', 'delayed']);
    expect(job!.data).toMatchObject({
      action: 'cancel',
      repository: 'acme/api',
      environment: 'staging',
      deployment_id: running,
      requested_by: { slack_user_id: 'U0ALICE' },
    });
  });

  it('refuses a press once the deployment ended (stale), and a press of a button it does not know', async () => {
    const ended = await deployOnGitHub(h, 'feature-x', 'staging', ['in_progress', 'success']);
    expect(texts(await press(await button('cancel', ended), 'U0ALICE'))).toEqual([
      `Deployment #${ended} of api to staging is no longer running (success): nothing to cancel.`,
    ]);
    expect(texts(await press({ id: 'no-such-button', action: 'cancel' }, 'U0ALICE'))).toEqual([
      'I no longer know this button (a button lasts 30 days). Use `/deploy` instead.',
    ]);
    expect(await h.queues.control.getJobs(['waiting', 'active', 'completed', 'delayed'])).toEqual([]);
  });

  it('refuses privately a presser who may not deploy there', async () => {
    const running = await deployOnGitHub(h, 'main', 'production', ['in_progress']);
    const b = await button('cancel', running, { environment: 'production', github_environment: 'production' });
    expect(texts(await press(b, 'U0BOB'))).toEqual(['You may not deploy to production. Those who may: <@U0ALICE>.']);
    expect(await h.queues.control.getJobs(['waiting', 'active', 'completed', 'delayed'])).toEqual([]);
  });
});
