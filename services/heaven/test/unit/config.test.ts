import { describe, expect, it } from '@jest/globals';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { checkProviderEnv, loadConfig } from '../../src/config.js';

const base = { GITHUB_TOKEN: 'ghp_x', GITHUB_WEBHOOK_SECRET: 'whsec' };

describe('heaven config', () => {
  it('has production defaults', () => {
    const c = loadConfig(base);
    expect(c).toMatchObject({
      PORT: 3001,
      HOST: '0.0.0.0',
      GITHUB_API_URL: 'https://api.github.com',
      CIRCLECI_API_URL: 'https://circleci.com/api/v2',
      CHATOPS_QUEUE_PREFIX: '{chatops}',
      HEAVEN_POLL_INTERVAL_MS: 10_000,
      HEAVEN_POLL_MAX_MS: 60_000,
      HEAVEN_START_WATCHDOG_MS: 600_000,
      HEAVEN_WATCHDOG_MS: 900_000,
    });
  });

  it('names a missing webhook secret', () => {
    expect(() => loadConfig({ GITHUB_TOKEN: 'ghp_x' })).toThrow(
      '[heaven] missing required environment variable GITHUB_WEBHOOK_SECRET',
    );
  });

  it('needs GitHub credentials: a token or a complete GitHub App', () => {
    const message =
      '[heaven] missing required environment variable GITHUB_TOKEN ' +
      '(or GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY + GITHUB_APP_INSTALLATION_ID)';
    expect(() => loadConfig({ GITHUB_WEBHOOK_SECRET: 'w' })).toThrow(message);
    expect(() => loadConfig({ GITHUB_WEBHOOK_SECRET: 'w', GITHUB_APP_ID: '12' })).toThrow(message);
    expect(
      loadConfig({
        GITHUB_WEBHOOK_SECRET: 'w',
        GITHUB_APP_ID: '12',
        GITHUB_APP_PRIVATE_KEY: 'k',
        GITHUB_APP_INSTALLATION_ID: '34',
      }).GITHUB_APP_ID,
    ).toBe('12');
  });

  it('rejects a bad port without echoing it', () => {
    expect(() => loadConfig({ ...base, PORT: 'abc' })).toThrow(/^\[heaven\] environment variable PORT is invalid: /);
  });

  it('needs CIRCLECI_TOKEN only when an app uses circleci, PUBLIC_URL only when one uses shell', () => {
    const circle = parseAppsConfig(
      'apps: { api: { repository: acme/api, circleci: { project_slug: gh/acme/api }, environments: { staging: {} } } }',
    );
    const shell = parseAppsConfig(
      'apps: { api: { repository: acme/api, provider: shell, shell: { command: [./deploy] }, ' +
        'environments: { staging: {} } } }',
    );
    expect(() => checkProviderEnv(loadConfig(base), circle)).toThrow(
      '[heaven] missing required environment variable CIRCLECI_TOKEN (an app uses provider circleci)',
    );
    expect(() => checkProviderEnv(loadConfig(base), shell)).toThrow(
      '[heaven] missing required environment variable PUBLIC_URL (an app uses provider shell)',
    );
    expect(() => checkProviderEnv(loadConfig({ ...base, PUBLIC_URL: 'https://heaven.acme.dev' }), shell)).not.toThrow();
  });
});
