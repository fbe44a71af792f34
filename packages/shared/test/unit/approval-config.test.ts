import { describe, expect, it } from '@jest/globals';
import {
  type ApprovalConfig,
  approvalExpiryMs,
  type SignedFor,
  signChatopsPayload,
  verifyChatopsPayload,
} from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { configError } from '../helpers/config-error.js';

const config = (production: string) => `
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      production: ${production}
`;

describe('approval in the config', () => {
  it('takes required, approvers (users and groups) and expires_after; required 1 and 1h by default', () => {
    const apps = parseAppsConfig(config('{ approval: { approvers: [U0BOB, S0OPS] } }'));
    const approval = apps.apps.api!.environments.production!.approval as ApprovalConfig;
    expect(approval).toEqual({ required: 1, approvers: ['U0BOB', 'S0OPS'], expires_after: '1h' });
    expect(approvalExpiryMs(approval)).toBe(3_600_000);
    const two = parseAppsConfig(
      config('{ approval: { required: 2, approvers: [U0BOB, U0CAROL], expires_after: 30m } }'),
    );
    expect(approvalExpiryMs(two.apps.api!.environments.production!.approval!)).toBe(1_800_000);
    expect(parseAppsConfig(config('{}')).apps.api!.environments.production!.approval).toBeUndefined();
  });

  it.each([
    [
      '{ approval: { approvers: [] } }',
      'apps.api.environments.production.approval.approvers: expected at least one approver',
    ],
    ['{ approval: { required: 0, approvers: [U0BOB] } }', 'apps.api.environments.production.approval.required'],
    [
      '{ approval: { required: 2, approvers: [U0BOB] } }',
      'apps.api.environments.production.approval.approvers: expected at least 2 approvers (required: 2)',
    ],
    [
      '{ approval: { approvers: [U0BOB], expires_after: soon } }',
      'apps.api.environments.production.approval.expires_after: expected a duration like 30m, 1h or 1d, at most 7d',
    ],
    [
      '{ approval: { approvers: [U0BOB], expires_after: 8d } }',
      'apps.api.environments.production.approval.expires_after: expected a duration like 30m, 1h or 1d, at most 7d',
    ],
    ['{ approval: { approvers: [bob] } }', 'expected a Slack user id (U…/W…) or user-group id (S…)'],
    ['{ approval: { approvers: [U0BOB], quorum: 2 } }', 'Unrecognized key: "quorum"'],
    [
      '{ auto_deploy: true, approval: { approvers: [U0BOB] } }',
      'apps.api.environments.production.auto_deploy: an environment with `approval` cannot auto-deploy: ' +
        'nobody would be asked',
    ],
  ])('refuses %s', (env, message) => {
    expect(configError(config(env))).toContain(message);
  });

  it('lets a group stand for as many approvers as required (its members are known when they press)', () => {
    expect(configError(config('{ approval: { required: 3, approvers: [S0OPS] } }'))).toBeNull();
  });
});

describe('approvals in the signed chatops payload', () => {
  const SECRET = 'chatops-payload-secret-0123456789';
  const target: SignedFor = { repository: 'acme/api', environment: 'production', ref: 'main', task: 'deploy' };
  const approvals = [
    { slack_user_id: 'U0BOB', name: 'bob', at: '2026-05-01T12:01:00.000Z' },
    { slack_user_id: 'U0CAROL', name: 'carol', at: '2026-05-01T12:02:00.000Z' },
  ];
  const signed = signChatopsPayload(
    {
      version: 1,
      app: 'api',
      requester: { slack_user_id: 'U0ALICE', name: 'alice' },
      params: {},
      noop: false,
      forced: false,
      rollback_of: null,
      approvals,
      nonce: '0123456789abcdef0123456789abcdef',
    },
    target,
    SECRET,
  );

  it('carries who approved and when, and verifies', () => {
    const trust = verifyChatopsPayload(JSON.parse(JSON.stringify({ chatops: signed })), target, SECRET);
    expect(trust).toMatchObject({ kind: 'signed', chatops: { approvals } });
  });

  it('is covered by the signature: an approver added, removed or renamed is forged', () => {
    const added = { ...signed, approvals: [...approvals, { slack_user_id: 'U0EVE', name: 'eve', at: 'x' }] };
    const removed = { ...signed, approvals: approvals.slice(0, 1) };
    const dropped: Record<string, unknown> = { ...signed };
    delete dropped.approvals;
    for (const chatops of [added, removed, dropped])
      expect(verifyChatopsPayload({ chatops }, target, SECRET)).toEqual({
        kind: 'forged',
        reason: 'signature does not verify',
      });
  });
});
