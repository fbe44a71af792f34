import { describe, expect, it } from '@jest/globals';
import { githubDeploymentSchema } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import type { TriggerContext } from '../../../src/ports.js';
import {
  actionsInputs,
  circleciParameterRefusal,
  circleciParameters,
  shellEnvironment,
} from '../../../src/run/ci-parameters.js';
import { signedChatops } from '../../helpers/chatops.js';

const apps = parseAppsConfig(`
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api, parameters: { run_deploy: true } }
    environments: { staging: {} }
`);

const target = { repository: 'acme/api', environment: 'staging', ref: 'feature/x', task: 'deploy:migrations' };
const ctx: TriggerContext = {
  deployment: githubDeploymentSchema.parse({
    id: 7,
    sha: 'abc123',
    ref: 'feature/x',
    task: 'deploy:migrations',
    environment: 'staging',
    payload: {},
    created_at: '2026-01-01T00:00:00Z',
    creator: { login: 'octo-carol' },
  }),
  repository: 'acme/api',
  appName: 'api',
  app: apps.apps.api!,
  chatops: signedChatops(target, { noop: true, params: { region: 'eu' } }),
};

describe('CI parameters', () => {
  it('gives CircleCI the configured parameters, then the deployment', () => {
    expect(circleciParameters(ctx)).toEqual({
      run_deploy: true,
      chatops_deployment_id: 7,
      chatops_environment: 'staging',
      chatops_ref: 'feature/x',
      chatops_sha: 'abc123',
      chatops_task: 'deploy:migrations',
      chatops_noop: true,
      chatops_params: '{"region":"eu"}',
    });
  });

  it("says why CircleCI would refuse parameters longer than it takes (512), counting heaven's JSON", () => {
    expect(circleciParameterRefusal(circleciParameters(ctx))).toBeNull();
    const long = { ...ctx, chatops: { ...ctx.chatops!, params: { notes: 'x'.repeat(501) } } };
    expect(circleciParameterRefusal(circleciParameters(long))).toBe(
      'CircleCI would refuse the pipeline: ' +
        'chatops_params would be 513 characters long, more than the 512 CircleCI takes',
    );
  });

  it('gives GitHub Actions string inputs, the sha apart from the ref', () => {
    expect(actionsInputs(ctx)).toEqual({
      deployment_id: '7',
      environment: 'staging',
      ref: 'feature/x',
      sha: 'abc123',
      task: 'deploy:migrations',
      noop: 'true',
      params: '{"region":"eu"}',
    });
  });

  it('gives the shell DEPLOY_* variables: the signed requester, else the deployment creator', () => {
    expect(shellEnvironment(ctx).DEPLOY_REQUESTER).toBe('alice');
    expect(shellEnvironment({ ...ctx, chatops: null })).toEqual({
      DEPLOY_ID: '7',
      DEPLOY_ENVIRONMENT: 'staging',
      DEPLOY_REF: 'feature/x',
      DEPLOY_SHA: 'abc123',
      DEPLOY_TASK: 'deploy:migrations',
      DEPLOY_NOOP: 'false',
      DEPLOY_PARAMS: '{}',
      DEPLOY_REPOSITORY: 'acme/api',
      DEPLOY_APP: 'api',
      DEPLOY_REQUESTER: 'octo-carol',
    });
  });
});
