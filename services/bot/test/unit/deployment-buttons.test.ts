import { describe, expect, it } from '@jest/globals';
import type { DeploymentButton } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { locksAfterRollback } from '../../src/handlers/lock-after-rollback.js';
import { commandOfButton } from '../../src/handlers/press-button.js';

const button = (action: DeploymentButton['action'], over: Partial<DeploymentButton> = {}): DeploymentButton => ({
  action,
  deployment_id: 7,
  repository: 'acme/api',
  app: 'api',
  environment: 'review',
  github_environment: 'review-feature-x',
  sha: 'c'.repeat(40),
  ref: 'feature-x',
  created_at: '2030-01-01T00:00:00Z',
  ...over,
});

describe('the command a button stands for', () => {
  it('Promote: a deploy of the exact sha to the target environment, nothing forced', () => {
    expect(commandOfButton(button('promote', { environment: 'staging', target_environment: 'production' }))).toEqual({
      action: 'deploy',
      app: 'api',
      environment: 'production',
      ref: 'c'.repeat(40),
      force: false,
      noop: false,
      params: {},
    });
  });

  it('Rollback: of the config environment; Cancel: of the GitHub environment (a branch environment)', () => {
    expect(commandOfButton(button('rollback'))).toEqual({ action: 'rollback', app: 'api', environment: 'review' });
    expect(commandOfButton(button('cancel'))).toEqual({
      action: 'cancel',
      app: 'api',
      environment: 'review-feature-x',
    });
  });
});

describe('lock_after_rollback', () => {
  const config = (defaults: string) =>
    parseAppsConfig(`
defaults: { ${defaults} }
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: {}
      qa: { lock_after_rollback: false }
      production: { lock_after_rollback: true }
`);

  it("is the environment's own, else defaults' (true unless set)", () => {
    const on = config('environment: staging');
    const off = config('lock_after_rollback: false');
    const env = (c: typeof on, name: string) => c.apps.api!.environments[name]!;
    expect(locksAfterRollback(on, env(on, 'staging'))).toBe(true);
    expect(locksAfterRollback(on, env(on, 'qa'))).toBe(false);
    expect(locksAfterRollback(off, env(off, 'staging'))).toBe(false);
    expect(locksAfterRollback(off, env(off, 'production'))).toBe(true);
  });
});
