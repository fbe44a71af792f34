import { describe, expect, it } from '@jest/globals';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { configError } from '../helpers/config-error.js';

const config = (staging: string, extra = '') => `
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: ${staging}
      production: { production: true }
      review: { transient: true }
${extra}`;

describe('promote_to and lock_after_rollback in the config', () => {
  it('takes a promote_to naming another environment of the app; lock_after_rollback defaults to true', () => {
    const apps = parseAppsConfig(config('{ promote_to: production, lock_after_rollback: false }'));
    expect(apps.apps.api!.environments.staging).toMatchObject({ promote_to: 'production', lock_after_rollback: false });
    expect(apps.apps.api!.environments.production!.lock_after_rollback).toBeUndefined();
    expect(apps.defaults.lock_after_rollback).toBe(true);
    const off = parseAppsConfig(`defaults: { lock_after_rollback: false }\n${config('{}')}`);
    expect(off.defaults.lock_after_rollback).toBe(false);
  });

  it.each([
    ['{ promote_to: prod }', 'apps.api.environments.staging.promote_to: app api has no environment called "prod"'],
    ['{ promote_to: staging }', 'apps.api.environments.staging.promote_to: an environment cannot promote to itself'],
    [
      '{ promote_to: review }',
      'apps.api.environments.staging.promote_to: review is transient (one per branch): a sha cannot be promoted there',
    ],
  ])('refuses %s, naming the field', (staging, message) => {
    expect(configError(config(staging))).toContain(message);
  });
});
