import { describe, expect, it } from '@jest/globals';
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

describe('protection_rule in the config', () => {
  it('takes when_frozen: reject (the default) or wait; none at all is allowed', () => {
    const env = (text: string) => parseAppsConfig(config(text)).apps.api!.environments.production!;
    expect(env('{ protection_rule: { when_frozen: wait } }').protection_rule).toEqual({ when_frozen: 'wait' });
    expect(env('{ protection_rule: {} }').protection_rule).toEqual({ when_frozen: 'reject' });
    expect(env('{}').protection_rule).toBeUndefined();
  });

  it('refuses another when_frozen and an unknown key, naming the field', () => {
    expect(configError(config('{ protection_rule: { when_frozen: later } }'))).toContain(
      'apps.api.environments.production.protection_rule.when_frozen',
    );
    expect(configError(config('{ protection_rule: { when: wait } }'))).toContain(
      'apps.api.environments.production.protection_rule',
    );
  });
});
