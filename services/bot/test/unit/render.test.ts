import { describe, expect, it } from '@jest/globals';
import { chatopsPayloadSchema } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { buildDeploymentRequest } from '../../src/handlers/deployment-request.js';
import { renderOutcome } from '../../src/handlers/render-outcome.js';
import { TEST_CONFIG } from '../helpers/test-config.js';

const config = parseAppsConfig(TEST_CONFIG);
const ctx = {
  mention: '<@U1>',
  what: '*api*/`x`',
  environment: 'staging',
  repository: 'acme/api',
  ref: 'x',
  forceHint: 'HINT',
};

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
      { kind: 'invalid', message: 'Validation Failed\nmore' },
      '<@U1> could not deploy *api*/`x` to *staging*: GitHub refused the request.',
      'GitHub refused the deployment as invalid: Validation Failed',
    ],
  ] as const)('%j', (outcome, channel, person) => {
    expect(renderOutcome(outcome as never, ctx)).toEqual({ channel, person });
  });
});

describe('buildDeploymentRequest', () => {
  const base = {
    appName: 'api',
    environmentName: 'production',
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
  };

  it('carries required contexts, auto_merge, production flag and a valid chatops payload', () => {
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
    expect(chatopsPayloadSchema.parse((r.payload as { chatops: unknown }).chatops)).toEqual({
      version: 1,
      app: 'api',
      requester: { slack_user_id: 'U1', name: 'One' },
      slack: { channel: 'C1', ts: '1.2' },
      params: { a: 'b' },
      noop: false,
      forced: false,
      rollback_of: null,
    });
  });

  it('force: no required contexts and no auto-merge; rollback: no auto-merge into a fixed sha', () => {
    expect(buildDeploymentRequest({ ...base, force: true })).toMatchObject({
      required_contexts: [],
      auto_merge: false,
      payload: { chatops: { forced: true } },
    });
    expect(buildDeploymentRequest({ ...base, rollbackOf: 12 })).toMatchObject({
      auto_merge: false,
      required_contexts: ['ci/test'],
      payload: { chatops: { rollback_of: 12 } },
    });
    expect(buildDeploymentRequest({ ...base, environment: config.apps.api!.environments.staging! })).not.toHaveProperty(
      'required_contexts',
    );
  });
});
