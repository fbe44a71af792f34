import { describe, expect, it } from '@jest/globals';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { checkProviderEnv, loadConfig, secretsOf } from '../../src/config.js';

const base = {
  GITHUB_TOKEN: 'ghp_0123456789abcdef',
  GITHUB_WEBHOOK_SECRET: 'webhook-secret-0123',
  CHATOPS_PAYLOAD_SECRET: 'payload-secret-0123',
};

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
      HEAVEN_JOB_LOCK_MS: 6000,
      HEAVEN_LOG_RETENTION_DAYS: 14,
      HEAVEN_QUEUE_BOARD_WRITES: false,
      GITHUB_RETRIES: 3,
    });
    expect(loadConfig({ ...base, HEAVEN_QUEUE_BOARD_WRITES: 'true' }).HEAVEN_QUEUE_BOARD_WRITES).toBe(true);
  });

  it('names a missing webhook secret and a missing payload secret, both at once', () => {
    expect(() => loadConfig({ GITHUB_TOKEN: base.GITHUB_TOKEN })).toThrow(
      'missing required environment variable CHATOPS_PAYLOAD_SECRET; ' +
        'missing required environment variable GITHUB_WEBHOOK_SECRET',
    );
  });

  it.each([
    'GITHUB_WEBHOOK_SECRET',
    'CHATOPS_PAYLOAD_SECRET',
    'GITHUB_TOKEN',
    'CIRCLECI_TOKEN',
    'CIRCLECI_WEBHOOK_SECRET',
  ])('refuses a %s shorter than 16 characters, or only whitespace, without echoing it', (name) => {
    expect(() => loadConfig({ ...base, [name]: 'short-secret' })).toThrow(
      `environment variable ${name} is invalid: expected at least 16 characters`,
    );
    expect(() => loadConfig({ ...base, [name]: ' '.repeat(20) })).toThrow(
      `environment variable ${name} is invalid: expected more than whitespace`,
    );
  });

  it('refuses a short admin password, and one of the two admin variables alone', () => {
    expect(() => loadConfig({ ...base, HEAVEN_ADMIN_USER: 'ops', HEAVEN_ADMIN_PASSWORD: 'hunter22' })).toThrow(
      'environment variable HEAVEN_ADMIN_PASSWORD is invalid: expected at least 16 characters',
    );
    expect(() => loadConfig({ ...base, HEAVEN_ADMIN_USER: 'ops' })).toThrow(
      'HEAVEN_ADMIN_USER and HEAVEN_ADMIN_PASSWORD go together: ' + 'set both (dashboard and /admin/queues) or neither',
    );
  });

  it('names the new name of a renamed variable', () => {
    expect(() => loadConfig({ ...base, HEAVEN_GITHUB_RETRIES: '2' })).toThrow(
      'HEAVEN_GITHUB_RETRIES is now GITHUB_RETRIES: rename it',
    );
    expect(loadConfig({ ...base, GITHUB_RETRIES: '0' }).GITHUB_RETRIES).toBe(0);
  });

  it('needs GitHub credentials: a token or a complete GitHub App', () => {
    const message =
      'missing required environment variable GITHUB_TOKEN ' +
      '(or GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY + GITHUB_APP_INSTALLATION_ID)';
    const { GITHUB_TOKEN: _token, ...secrets } = base;
    expect(() => loadConfig(secrets)).toThrow(message);
    expect(() => loadConfig({ ...secrets, GITHUB_APP_ID: '12' })).toThrow(
      'missing required environment variable GITHUB_APP_PRIVATE_KEY (the GitHub App needs all three); ' +
        'missing required environment variable GITHUB_APP_INSTALLATION_ID (the GitHub App needs all three)',
    );
    const app = loadConfig({
      ...secrets,
      GITHUB_APP_ID: '12',
      GITHUB_APP_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----x',
      GITHUB_APP_INSTALLATION_ID: '34',
    });
    expect([app.GITHUB_APP_ID, app.GITHUB_APP_INSTALLATION_ID]).toEqual(['12', '34']);
  });

  it('rejects a bad port without echoing it', () => {
    expect(() => loadConfig({ ...base, PORT: 'abc' })).toThrow(/^environment variable PORT is invalid: /);
  });

  it('scrubs every secret, and the password of the Redis URL', () => {
    const c = loadConfig({
      ...base,
      REDIS_URL: 'redis://:p%40ss-word@redis:6379',
      CIRCLECI_TOKEN: 'circle-token-0123456',
    });
    expect(secretsOf(c).filter(Boolean)).toEqual([
      base.GITHUB_TOKEN,
      base.GITHUB_WEBHOOK_SECRET,
      base.CHATOPS_PAYLOAD_SECRET,
      'circle-token-0123456',
      'p@ss-word',
    ]);
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
      'missing required environment variable CIRCLECI_TOKEN (an app uses provider circleci)',
    );
    expect(() => checkProviderEnv(loadConfig(base), shell)).toThrow(
      'missing required environment variable PUBLIC_URL (an app uses provider shell)',
    );
    expect(() => checkProviderEnv(loadConfig({ ...base, PUBLIC_URL: 'https://heaven.acme.dev' }), shell)).not.toThrow();
  });
});
