import { describe, expect, it } from '@jest/globals';
import { applyStatus } from '../../src/deployments/apply-status.js';
import { createDeploymentView } from '../../src/deployments/create-deployment-view.js';
import type { DeploymentView } from '../../src/deployments/deployment-view.js';
import { githubLinks } from '../../src/render/github-links.js';
import { renderDeploymentMessage } from '../../src/render/render-deployment-message.js';
import { renderDeploymentResult } from '../../src/render/render-deployment-result.js';
import { PREVIOUS_SHA, SHA, signedChatops, statusJob, testConfig, type StatusJobInput } from '../helpers/jobs.js';

const links = githubLinks('https://github.example.com/');
const config = testConfig();

function viewAt(
  states: Array<Omit<StatusJobInput, 'statusId'>>,
  first: Partial<StatusJobInput> = {},
  previousSha: string | null = null,
): DeploymentView {
  const chatops = first.chatops ? signedChatops(first.chatops) : null;
  let view = createDeploymentView(statusJob({ statusId: 1, state: 'queued', ...first }), chatops, config, previousSha);
  states.forEach((s, i) => {
    view = applyStatus(view, statusJob({ ...first, ...s, statusId: i + 1 }).status).view;
  });
  return view;
}

const allText = (body: { text: string; blocks?: unknown[] }) => `${body.text}\n${JSON.stringify(body.blocks)}`;

describe('renderDeploymentMessage', () => {
  const chat = { chatops: {} };

  it.each([
    ['queued', ':hourglass:', 'queued', 'alice deploying api feature-x (f95f852) to staging: queued'],
    ['in_progress', ':rocket:', 'in progress', 'alice deploying api feature-x (f95f852) to staging: in progress'],
    ['success', ':white_check_mark:', 'succeeded', 'alice deployed api feature-x (f95f852) to staging: succeeded'],
    ['failure', ':x:', 'failed', 'alice failed to deploy api feature-x (f95f852) to staging: failed'],
    ['error', ':warning:', 'errored', 'alice could not deploy api feature-x (f95f852) to staging: errored'],
  ] as const)('shows the %s state with its emoji, and a plain-text fallback', (state, emoji, label, text) => {
    const body = renderDeploymentMessage(viewAt([{ state, at: '2026-11-26T10:00:30Z' }], chat), links);
    expect(body.text).toBe(text);
    const header = body.blocks![0] as { text: { text: string }; fields: Array<{ text: string }> };
    expect(header.text.text.startsWith(`${emoji} <@U0ALICE> `)).toBe(true);
    expect(header.fields[0]!.text).toBe(`*State*\n${emoji} ${label}`);
  });

  it('names who deploys which app, ref and short sha to which environment, with links', () => {
    const view = viewAt(
      [
        {
          state: 'in_progress',
          at: '2026-11-26T10:00:05Z',
          logUrl: 'https://app.circleci.com/pipelines/gh/acme/api/7',
        },
        { state: 'success', at: '2026-11-26T10:01:05Z', environmentUrl: 'https://staging.api.acme.dev' },
      ],
      chat,
    );
    const body = renderDeploymentMessage(view, links);
    const header = (body.blocks![0] as { text: { text: string } }).text.text;
    expect(header).toBe(
      ':white_check_mark: <@U0ALICE> deployed <https://github.example.com/acme/api|*api*> `feature-x` ' +
        `(<https://github.example.com/acme/api/commit/${SHA}|\`f95f852\`>) to *staging*`,
    );
    const all = allText(body);
    expect(all).toContain('<https://app.circleci.com/pipelines/gh/acme/api/7|open the log>');
    expect(all).toContain('<https://staging.api.acme.dev|staging>');
    expect(all).toContain('started +5.0 s');
    expect(all).toContain('finished +1m 05s (ran 1m 00s)');
    expect(all).toContain('deployment #145988746');
  });

  it('links the compare view when the previous deployed sha is known', () => {
    const body = renderDeploymentMessage(viewAt([{ state: 'queued' }], chat, PREVIOUS_SHA), links);
    expect(allText(body)).toContain(
      `<https://github.example.com/acme/api/compare/${PREVIOUS_SHA}...${SHA}|compare a10867b…f95f852>`,
    );
  });

  it('marks task, noop, forced and rollback', () => {
    const chatops = { noop: true, forced: true, rollback_of: 42 };
    const body = renderDeploymentMessage(viewAt([{ state: 'queued' }], { chatops, task: 'deploy:migrations' }), links);
    const marks = (body.blocks![1] as { elements: Array<{ text: string }> }).elements[0]!.text;
    expect(marks).toBe('task `deploy:migrations` · *noop* (dry run) · *forced* (checks skipped) · *rollback* of #42');
  });

  it('names the GitHub user of a deployment made outside chat, never a Slack mention', () => {
    const body = renderDeploymentMessage(viewAt([{ state: 'queued' }], { creator: 'hubot-autodeploy' }), links);
    expect(body.text).toBe('hubot-autodeploy deploying api feature-x (f95f852) to staging: queued');
    expect(allText(body)).toContain('<https://github.example.com/hubot-autodeploy|hubot-autodeploy> (GitHub)');
    expect(allText(body)).not.toContain('<@');
  });

  it('escapes hostile refs and descriptions, and stays small', () => {
    const ref = `<!channel>&${'x'.repeat(5000)}`;
    const body = renderDeploymentMessage(
      viewAt([{ state: 'failure', description: '<@U0EVIL> & <!here>' }], { ref, chatops: {} }),
      links,
    );
    const all = allText(body);
    expect(all).not.toContain('<!channel>');
    expect(all).not.toContain('<!here>');
    expect(all).not.toContain('<@U0EVIL>');
    expect(all).toContain('&lt;!channel&gt;&amp;');
    expect(body.blocks!.length).toBeLessThanOrEqual(10);
    expect(JSON.stringify(body.blocks).length).toBeLessThan(4000);
    expect(body.text.length).toBeLessThanOrEqual(300);
  });

  it('shows the health verdict and a superseded deployment', () => {
    const view = {
      ...viewAt([{ state: 'success' }], chat),
      health: { healthy: false, text: 'unhealthy: 503 in 12 ms (3 tries)' },
      superseded: true,
    };
    const all = allText(renderDeploymentMessage(view, links));
    expect(all).toContain(':red_circle: Health check: unhealthy: 503 in 12 ms (3 tries)');
    expect(all).toContain('superseded by a newer deployment');
  });
});

describe('renderDeploymentResult', () => {
  it('mentions the person who deployed on failure, with the CI log and the duration', () => {
    const view = viewAt(
      [
        { state: 'in_progress', at: '2026-11-26T10:00:05Z' },
        {
          state: 'failure',
          at: '2026-11-26T10:02:05Z',
          logUrl: 'https://ci.example/9',
          description: 'job deploy failed',
        },
      ],
      { chatops: {} },
    );
    const body = renderDeploymentResult(view, links);
    expect(body.text).toBe('<@U0ALICE> deploying api feature-x (f95f852) to staging failed in 2m 00s');
    expect(allText(body)).toContain(':x: <@U0ALICE>: deploying');
    expect(allText(body)).toContain('failed in 2m 00s. job deploy failed · <https://ci.example/9|CI log>');
  });

  it('reports a success with its duration and no mention', () => {
    const view = viewAt(
      [
        { state: 'in_progress', at: '2026-11-26T10:00:05Z' },
        { state: 'success', at: '2026-11-26T10:00:47Z' },
      ],
      { chatops: {} },
    );
    const body = renderDeploymentResult(view, links);
    expect(body.text).toBe('Deployed api feature-x (f95f852) to staging in 42 s');
    expect(allText(body)).not.toContain('<@U0ALICE>');
  });
});
