import { describe, expect, it } from '@jest/globals';
import { loadConfig } from '../../src/config.js';

const base = { SLACK_SIGNING_SECRET: 'sig', SLACK_BOT_TOKEN: 'xoxb-1' };

describe('loadConfig', () => {
  it('reads the defaults', () => {
    expect(loadConfig({ ...base, GITHUB_TOKEN: 'ghp_1' })).toMatchObject({
      PORT: 3000,
      HOST: '0.0.0.0',
      SLACK_API_URL: 'https://slack.com/api/',
      GITHUB_API_URL: 'https://api.github.com',
      CHATOPS_QUEUE_PREFIX: '{chatops}',
      REDIS_URL: 'redis://127.0.0.1:6379',
    });
  });

  it('names every missing variable, never a value', () => {
    expect(() => loadConfig({ GITHUB_TOKEN: 'ghp_secret' })).toThrow(
      '[bot] missing required environment variable SLACK_SIGNING_SECRET; ' +
        'missing required environment variable SLACK_BOT_TOKEN',
    );
  });

  it('needs GitHub credentials: a token, or an App with its installation', () => {
    expect(() => loadConfig(base)).toThrow(
      '[bot] missing required environment variable GITHUB_TOKEN (or GITHUB_APP_ID and GITHUB_APP_PRIVATE_KEY)',
    );
    expect(() => loadConfig({ ...base, GITHUB_APP_ID: '12', GITHUB_APP_PRIVATE_KEY: 'key' })).toThrow(
      '[bot] missing required environment variable GITHUB_APP_INSTALLATION_ID (needed with GitHub App credentials)',
    );
    expect(
      loadConfig({ ...base, GITHUB_APP_ID: '12', GITHUB_APP_PRIVATE_KEY: 'key', GITHUB_APP_INSTALLATION_ID: '34' })
        .GITHUB_APP_INSTALLATION_ID,
    ).toBe(34);
  });
});
