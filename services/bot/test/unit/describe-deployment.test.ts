import { randomBytes } from 'node:crypto';
import { describe, expect, it } from '@jest/globals';
import { signChatopsPayload } from '@chatops/shared/contracts';
import { deploymentLine, requesterOf } from '../../src/render/describe-deployment.js';
import { rollbackBranch } from '../../src/handlers/rollback.js';
import type { DeploymentSummary } from '../../src/ports.js';

const SECRET = 'payload-secret-0123456789';
const NOW = Date.parse('2026-05-01T12:00:00Z');
const base: DeploymentSummary = {
  id: 7,
  sha: 'a'.repeat(40),
  ref: 'main',
  task: 'deploy',
  environment: 'staging',
  created_at: '2026-05-01T11:58:00Z',
  creator: 'octo<!here>cat',
  payload: {},
};
const chatops = (extra: Record<string, unknown> = {}, target: Partial<DeploymentSummary> = {}) =>
  signChatopsPayload(
    {
      version: 1,
      app: 'api',
      requester: { slack_user_id: 'U0ALICE', name: 'Alice' },
      nonce: randomBytes(16).toString('hex'),
      ...extra,
    },
    { repository: 'acme/api', environment: 'staging', ref: 'main', task: 'deploy', ...target },
    SECRET,
  );

describe('requesterOf: only what the bot signed for this deployment names a person', () => {
  it('a signed payload names its requester', () => {
    expect(requesterOf({ ...base, payload: { chatops: chatops() } }, 'acme/api', SECRET)).toBe('<@U0ALICE>');
  });

  it.each([
    ['no chatops payload', {}],
    ['an unsigned one', { chatops: { version: 1, app: 'api', requester: { slack_user_id: 'U0ALICE', name: 'A' } } }],
    ['one signed for another environment', { chatops: chatops({}, { environment: 'production' }) }],
    ['one altered after signing', { chatops: { ...chatops(), requester: { slack_user_id: 'U0BOSS', name: 'B' } } }],
  ])('%s names the GitHub creator, escaped', (_name, payload) => {
    expect(requesterOf({ ...base, payload }, 'acme/api', SECRET)).toBe('octo&lt;!here&gt;cat');
  });

  it('a signed payload does not verify with another secret or repository', () => {
    const d = { ...base, payload: { chatops: chatops() } };
    expect(requesterOf(d, 'acme/web', SECRET)).toBe('octo&lt;!here&gt;cat');
    expect(requesterOf(d, 'acme/api', 'other-secret-0123456789')).toBe('octo&lt;!here&gt;cat');
  });
});

describe('deploymentLine', () => {
  it('escapes the ref, the task and the state', () => {
    const d = { ...base, ref: 'x`<!channel>|y', task: 'deploy:<@U1>' };
    expect(deploymentLine(d, 'success', '<@U0ALICE>', NOW)).toBe(
      "#7 `x'&lt;!channel&gt;|y` (`aaaaaaa`) `deploy:&lt;@U1&gt;` success by <@U0ALICE>, 2m 00s ago",
    );
  });
});

describe('rollbackBranch', () => {
  it('is the earlier deployment’s ref when it is not a sha', () => {
    expect(rollbackBranch(base, 'acme/api', SECRET)).toBe('main');
  });

  it('of a sha: the branch the bot signed into it, else none', () => {
    const sha = 'c'.repeat(40);
    const signed = { ...base, ref: sha, payload: { chatops: chatops({ branch: 'release' }, { ref: sha }) } };
    expect(rollbackBranch(signed, 'acme/api', SECRET)).toBe('release');
    const forged = { ...base, ref: sha, payload: { chatops: { ...chatops({}, { ref: sha }), branch: 'attacker' } } };
    expect(rollbackBranch(forged, 'acme/api', SECRET)).toBeUndefined();
    expect(rollbackBranch({ ...base, ref: sha }, 'acme/api', SECRET)).toBeUndefined();
  });
});
