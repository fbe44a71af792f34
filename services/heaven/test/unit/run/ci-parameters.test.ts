import { describe, expect, it } from '@jest/globals';
import { githubDeploymentSchema } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { actionsInputs, circleciParameters, shellEnvironment } from '../../src/run/ci-parameters.js';
import type { TriggerContext } from '../../src/ports.js';

const apps = parseAppsConfig(`
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api, parameters: { run_deploy: true, chatops_environment: overridden } }
    environments: { staging: {} }
`);

const ctx: TriggerContext = {
  deployment: githubDeploymentSchema.parse({
    id: 7,
    sha: 'abc123',
    ref: 'feature/x',
    task: 'deploy:migrations',
    environment: 'staging',
    payload: {},
    created_at: '2026-01-01T00:00:00Z',
  }),
  repository: 'acme/api',
  appName: 'api',
  app: apps.apps.api!,
  chatops: {
    version: 1,
    app: 'api',
    requester: { slack_user_id: 'U1', name: 'alice' },
    params: { region: 'eu' },
    noop: true,
    forced: false,
    rollback_of: null,
  },
};

describe('CI parameters', () => {
  it('gives CircleCI the configured parameters, then the deployment (which wins)', () => {
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

  it('gives GitHub Actions at most 10 string inputs', () => {
    const inputs = actionsInputs(ctx);
    expect(inputs).toEqual({
      deployment_id: '7',
      environment: 'staging',
      ref: 'feature/x',
      sha: 'abc123',
      task: 'deploy:migrations',
      noop: 'true',
      params: '{"region":"eu"}',
    });
    expect(Object.keys(inputs).length).toBeLessThanOrEqual(10);
  });

  it('gives the shell DEPLOY_* variables, without a chatops payload too', () => {
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
      DEPLOY_REQUESTER: '',
    });
  });
});
