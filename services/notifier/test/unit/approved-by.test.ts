import { describe, expect, it } from '@jest/globals';
import { signChatopsPayload } from '@chatops/shared/contracts';
import { createDeploymentView } from '../../src/deployments/create-deployment-view.js';
import { githubLinks } from '../../src/render/github-links.js';
import { renderDeploymentMessage } from '../../src/render/render-deployment-message.js';
import { PAYLOAD_SECRET, statusJob, testConfig } from '../helpers/jobs.js';

const links = githubLinks('https://github.example.com/');

const chatopsWith = (approvals: Array<{ slack_user_id: string; name: string; at: string }>) =>
  signChatopsPayload(
    {
      version: 1,
      app: 'api',
      requester: { slack_user_id: 'U0ALICE', name: 'alice' },
      params: {},
      noop: false,
      forced: false,
      rollback_of: null,
      approvals,
      nonce: '0'.repeat(32),
    },
    { repository: 'acme/api', environment: 'staging', ref: 'feature-x', task: 'deploy' },
    PAYLOAD_SECRET,
  );

const markersOf = (chatops: ReturnType<typeof chatopsWith> | null) => {
  const view = createDeploymentView(statusJob({ statusId: 1, state: 'queued' }), chatops, testConfig(), null);
  const blocks = renderDeploymentMessage(view, links).blocks as Array<{
    type: string;
    elements?: Array<{ text: string }>;
  }>;
  return blocks.filter((b) => b.type === 'context').map((b) => b.elements![0]!.text);
};

describe('a deployment approved in chat', () => {
  it('says who approved it (from the signed payload)', () => {
    const chatops = chatopsWith([
      { slack_user_id: 'U0BOB', name: 'bob', at: '2026-11-26T10:00:00Z' },
      { slack_user_id: 'U0CAROL', name: 'carol', at: '2026-11-26T10:01:00Z' },
    ]);
    expect(markersOf(chatops)[0]).toBe('approved by <@U0BOB>, <@U0CAROL>');
  });

  it('never makes markup of an id that is not a Slack user id, and says nothing without approvals', () => {
    const chatops = chatopsWith([
      { slack_user_id: 'U1> <!channel', name: 'x', at: '2026-11-26T10:00:00Z' },
      { slack_user_id: 'U0BOB', name: 'bob', at: '2026-11-26T10:00:00Z' },
    ]);
    expect(markersOf(chatops)[0]).toBe('approved by <@U0BOB>');
    expect(markersOf(chatopsWith([])).join('\n')).not.toContain('approved by');
    expect(markersOf(null).join('\n')).not.toContain('approved by');
  });
});
