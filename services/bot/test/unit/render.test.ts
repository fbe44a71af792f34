import { describe, expect, it } from '@jest/globals';
import { verifyChatopsPayload } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { buildDeploymentRequest } from '../../src/handlers/deployment-request.js';
import { deployWords } from '../../src/render/deploy-text.js';
import { renderOutcome } from '../../src/render/render-outcome.js';
import { TEST_CONFIG } from '../helpers/test-config.js';

const config = parseAppsConfig(TEST_CONFIG);
const command = {
  action: 'deploy',
  app: 'api',
  environment: 'staging',
  force: false,
  noop: false,
  params: {},
} as const;
const words = deployWords({ requesterId: 'U1', appName: 'api', ref: 'x', githubEnvironment: 'staging', command });
const ctx = { words, repository: 'acme/api', ref: 'x', forceHint: 'HINT' };

describe('renderOutcome', () => {
  it.each([
    [
      { kind: 'created', id: 7, sha: 'abcdef123' },
      '<@U1> is deploying *api*/`x` (`abcdef1`) to *staging*: deployment #7 created.',
      'Deployment #7 of *api*/`x` to staging created. Its progress shows in the channel.',
    ],
    [
      { kind: 'checks', contexts: [{ context: 'ci/a', state: 'failure' }], message: 'm' },
      '<@U1> could not deploy *api*/`x` to *staging*: its status checks are not all green.',
      'GitHub refused to deploy `x`: its status checks are not all green.\n• ci/a: failure\nHINT',
    ],
    [
      { kind: 'conflict', message: 'm' },
      '<@U1> could not deploy *api*/`x` to *staging*: merge conflict.',
      'GitHub could not merge the default branch into `x` because of a merge conflict. ' +
        'Merge or rebase `x` and deploy again.',
    ],
    [
      { kind: 'unknown-repo', message: 'm' },
      '<@U1> could not deploy *api*/`x` to *staging*: unknown repository.',
      'GitHub does not know the repository acme/api, or the bot has no access to it.',
    ],
    [
      { kind: 'unknown-ref', message: 'm' },
      '<@U1> could not deploy *api*/`x` to *staging*: unknown ref.',
      'GitHub does not know `x` in acme/api. Check the branch, tag or sha.',
    ],
    [
      { kind: 'unauthorized', message: 'Bad credentials' },
      "<@U1> could not deploy *api*/`x` to *staging*: GitHub refused the bot's credentials.",
      "GitHub refused the bot's credentials, so I could not finish this. " +
        'An operator must check GITHUB_TOKEN or the GitHub App.',
    ],
    [
      { kind: 'forbidden', message: 'Resource not accessible by integration' },
      '<@U1> could not deploy *api*/`x` to *staging*: GitHub refused the bot permission.',
      'GitHub refused the bot permission for this, so I could not finish this. ' +
        "An operator must check the token's or the GitHub App's access to the repository.",
    ],
    [
      { kind: 'invalid', message: 'Validation Failed <!channel>\nmore' },
      '<@U1> could not deploy *api*/`x` to *staging*: GitHub refused the request.',
      'GitHub refused the deployment as invalid: Validation Failed &lt;!channel&gt;',
    ],
  ] as const)('%j', (outcome, channel, person) => {
    expect(renderOutcome(outcome as never, ctx)).toEqual({ channel, person });
  });

  it('escapes every value GitHub or a branch chose: refs, contexts, states', () => {
    const ref = 'x`<!here>|@y';
    const w = deployWords({ requesterId: 'U1', appName: 'api', ref, githubEnvironment: 'review-<b>', command });
    const text = renderOutcome(
      { kind: 'checks', contexts: [{ context: '<@U0BOSS> <!channel>', state: '<b>' }], message: 'm' },
      { ...ctx, words: w, ref },
    );
    expect(text).toEqual({
      channel:
        "<@U1> could not deploy *api*/`x'&lt;!here&gt;|@y` to *review-&lt;b&gt;*: its status checks are not all green.",
      person:
        "GitHub refused to deploy `x'&lt;!here&gt;|@y`: its status checks are not all green.\n" +
        '• &lt;@U0BOSS&gt; &lt;!channel&gt;: &lt;b&gt;\nHINT',
    });
  });
});

describe('buildDeploymentRequest', () => {
  const secret = 'payload-secret-0123456789';
  const base = {
    repository: 'acme/api',
    appName: 'api',
    githubEnvironment: 'production',
    environment: config.apps.api!.environments.production!,
    ref: 'main',
    task: 'deploy',
    force: false,
    noop: false,
    params: { a: 'b' },
    requester: { slack_user_id: 'U1', name: 'One' },
    slack: { channel: 'C1', ts: '1.2' },
    rollbackOf: null,
    description: 'd'.repeat(200),
    secret,
    nonce: '0123456789abcdef0123456789abcdef',
  };
  const target = { repository: 'acme/api', environment: 'production', ref: 'main', task: 'deploy' };

  it('carries required contexts, auto_merge, production flag and a chatops payload signed for this deployment', () => {
    const r = buildDeploymentRequest(base);
    expect(r).toMatchObject({
      ref: 'main',
      environment: 'production',
      task: 'deploy',
      auto_merge: true,
      required_contexts: ['ci/test'],
      production_environment: true,
      transient_environment: false,
    });
    expect(r.description).toHaveLength(140);
    expect(verifyChatopsPayload(r.payload, target, secret)).toEqual({
      kind: 'signed',
      chatops: {
        version: 1,
        app: 'api',
        requester: { slack_user_id: 'U1', name: 'One' },
        slack: { channel: 'C1', ts: '1.2' },
        params: { a: 'b' },
        noop: false,
        forced: false,
        rollback_of: null,
        nonce: base.nonce,
        signature: expect.stringMatching(/^v1=[0-9a-f]{64}$/),
      },
    });
  });

  it('the signature holds for this repository, environment, ref and task only, and with this secret only', () => {
    const r = buildDeploymentRequest(base);
    for (const other of [
      { ...target, repository: 'acme/web' },
      { ...target, environment: 'staging' },
      { ...target, ref: 'feature-x' },
      { ...target, task: 'deploy:migrate' },
    ]) {
      expect(verifyChatopsPayload(r.payload, other, secret)).toEqual({
        kind: 'forged',
        reason: 'signature does not verify',
      });
    }
    expect(verifyChatopsPayload(r.payload, target, 'another-secret-0123456789').kind).toBe('forged');
  });

  it('force and teardown: no required contexts and no auto-merge; rollback: no auto-merge, its branch signed', () => {
    expect(buildDeploymentRequest({ ...base, force: true })).toMatchObject({
      required_contexts: [],
      auto_merge: false,
      payload: { chatops: { forced: true } },
    });
    expect(buildDeploymentRequest({ ...base, teardown: true })).toMatchObject({
      required_contexts: [],
      auto_merge: false,
    });
    const rollback = buildDeploymentRequest({ ...base, rollbackOf: 12, branch: 'feature-x' });
    expect(rollback).toMatchObject({
      auto_merge: false,
      required_contexts: ['ci/test'],
      payload: { chatops: { rollback_of: 12, branch: 'feature-x' } },
    });
    expect(verifyChatopsPayload(rollback.payload, target, secret).kind).toBe('signed');
    expect(buildDeploymentRequest({ ...base, environment: config.apps.api!.environments.staging! })).not.toHaveProperty(
      'required_contexts',
    );
  });
});
