import { describe, expect, it } from '@jest/globals';
import { DEPLOYMENT_BUTTON_ACTION_IDS, type NotificationJob } from '@chatops/shared/contracts';
import { createLogger, parseAppsConfig } from '@chatops/shared/runtime';
import { createMemoryButtonStore } from '@chatops/testkit';
import { applyStatus } from '../../src/deployments/apply-status.js';
import { createDeploymentView } from '../../src/deployments/create-deployment-view.js';
import type { DeploymentView } from '../../src/deployments/deployment-view.js';
import { handleDeploymentStatus } from '../../src/deployments/handle-deployment-status.js';
import { offeredButtons } from '../../src/deployments/offered-buttons.js';
import { githubLinks } from '../../src/render/github-links.js';
import { renderDeploymentMessage } from '../../src/render/render-deployment-message.js';
import { InMemorySessions } from '../fakes/in-memory-sessions.js';
import { RecordingSlack } from '../fakes/recording-slack.js';
import { PAYLOAD_SECRET, SHA, signedChatops, statusJob, type StatusJobInput } from '../helpers/jobs.js';

const config = parseAppsConfig(`
defaults: { environment: staging, channel: C0DEFAULT }
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: { promote_to: production }
      production: { production: true }
      review: { transient: true }
`);
const links = githubLinks('https://github.com');
const BOT = { channel: 'C0CHAT', ts: '1699999999.000100' };

function viewOf(states: NotificationJob['status']['state'][], first: Partial<StatusJobInput> = {}): DeploymentView {
  let view = createDeploymentView(statusJob({ statusId: 1, state: 'queued', ...first }), null, config, null);
  states.forEach((state, i) => {
    view = applyStatus(view, statusJob({ ...first, state, statusId: i + 1 }).status).view;
  });
  return view;
}

const actionsOf = (view: DeploymentView) => offeredButtons(view, config)?.buttons ?? [];

describe('which buttons a deployment message offers', () => {
  it.each([
    [['queued'], [{ action: 'cancel' }]],
    [['in_progress'], [{ action: 'cancel' }]],
    [
      ['in_progress', 'success'],
      [{ action: 'promote', target: 'production' }, { action: 'rollback' }],
    ],
    [['in_progress', 'failure'], [{ action: 'rollback' }]],
    [['in_progress', 'error'], []],
  ] as const)('on staging (promote_to: production) after %j: %j', (states, expected) => {
    expect(actionsOf(viewOf([...states]))).toEqual(expected);
  });

  it('offers no Promote where the environment has no promote_to, and Rollback on its success', () => {
    expect(actionsOf(viewOf(['success'], { environment: 'production' }))).toEqual([{ action: 'rollback' }]);
  });

  it('offers no Rollback once a newer deployment superseded it (Promote stays: the sha is still good)', () => {
    const view = viewOf(['success', 'inactive']);
    expect(view.superseded).toBe(true);
    expect(actionsOf(view)).toEqual([{ action: 'promote', target: 'production' }]);
  });

  it('offers only Cancel on a branch environment, nothing on a dry run, another task or an unknown app', () => {
    expect(actionsOf(viewOf(['in_progress'], { environment: 'review-feature-x' }))).toEqual([{ action: 'cancel' }]);
    expect(actionsOf(viewOf(['success'], { environment: 'review-feature-x' }))).toEqual([]);
    expect(actionsOf(viewOf(['success'], { task: 'deploy:migrate' }))).toEqual([]);
    expect(actionsOf(viewOf(['success'], { repository: 'acme/unknown' }))).toEqual([]);
    const noop = createDeploymentView(
      statusJob({ statusId: 1, state: 'success', chatops: { noop: true } }),
      signedChatops({ noop: true }),
      config,
      null,
    );
    expect(noop.noop).toBe(true);
    expect(offeredButtons(noop, config)).toBeNull();
  });
});

describe('the buttons in the message', () => {
  it('renders each button with its action id and only its server-side id as the value', () => {
    const body = renderDeploymentMessage(viewOf(['success']), links, [
      { action: 'promote', target: 'production', id: 'id-promote' },
      { action: 'rollback', id: 'id-rollback' },
    ]);
    const actions = body.blocks!.find((b) => (b as { type: string }).type === 'actions');
    expect(actions).toEqual({
      type: 'actions',
      block_id: 'deployment_buttons',
      elements: [
        {
          type: 'button',
          action_id: 'chatops_promote',
          text: { type: 'plain_text', text: 'Promote to production' },
          value: 'id-promote',
          style: 'primary',
        },
        {
          type: 'button',
          action_id: 'chatops_rollback',
          text: { type: 'plain_text', text: 'Rollback' },
          value: 'id-rollback',
          style: 'danger',
        },
      ],
    });
    expect(
      renderDeploymentMessage(viewOf(['success']), links).blocks!.map((b) => (b as { type: string }).type),
    ).not.toContain('actions');
  });

  it('saves what each button means server-side, keeps its id across updates, and drops Cancel at the end', async () => {
    const slack = new RecordingSlack();
    const buttons = createMemoryButtonStore();
    const deps = {
      config,
      slack,
      sessions: new InMemorySessions(),
      links,
      postDeploy: { request: async () => undefined },
      payloadSecret: PAYLOAD_SECRET,
      nonces: { claim: async () => true },
      buttons,
    };
    const log = createLogger({ name: 'test', level: 'silent' });
    const chatops = { slack: BOT };
    await handleDeploymentStatus(statusJob({ statusId: 1, state: 'in_progress', chatops }), deps, log);
    await handleDeploymentStatus(statusJob({ statusId: 2, state: 'success', chatops }), deps, log);
    const elements = (i: number) =>
      (slack.sent[i]!.body.blocks as Array<{ type: string; elements?: Array<{ action_id: string; value: string }> }>)
        .find((b) => b.type === 'actions')
        ?.elements?.map((e) => [e.action_id, e.value]) ?? [];
    const [[cancelAction, cancelId]] = elements(0) as [[string, string]];
    expect(cancelAction).toBe(DEPLOYMENT_BUTTON_ACTION_IDS.cancel);
    const atSuccess = elements(1);
    expect(atSuccess.map(([a]) => a)).toEqual(['chatops_promote', 'chatops_rollback']);
    expect(atSuccess.every(([, id]) => /^[0-9a-f]{32}$/.test(id!))).toBe(true);
    expect(buttons.saved.get(cancelId)).toMatchObject({
      action: 'cancel',
      deployment_id: 145988746,
      repository: 'acme/api',
      app: 'api',
      environment: 'staging',
      github_environment: 'staging',
      sha: SHA,
      ref: 'feature-x',
    });
    expect(buttons.saved.get(atSuccess[0]![1]!)).toMatchObject({ action: 'promote', target_environment: 'production' });
    expect(buttons.saved.size).toBe(3);
    // A status shown again (a redelivery with a new id) renders the same ids and saves nothing new.
    await handleDeploymentStatus(statusJob({ statusId: 3, state: 'success', chatops }), deps, log);
    expect(buttons.saved.size).toBe(3);
  });
});
