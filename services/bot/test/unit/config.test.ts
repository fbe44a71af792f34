import { describe, expect, it } from '@jest/globals';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { loadConfig, protectionRuleWarning, secretsOf } from '../../src/config.js';

const base = {
  SLACK_SIGNING_SECRET: 'sss_0123456789abcdef',
  SLACK_BOT_TOKEN: 'xoxb-0123456789abcdef',
  CHATOPS_PAYLOAD_SECRET: 'cps_0123456789abcdef',
};
const token = { GITHUB_TOKEN: 'ghp_0123456789abcdef' };

describe('loadConfig', () => {
  it('reads the defaults', () => {
    expect(loadConfig({ ...base, ...token })).toMatchObject({
      PORT: 3000,
      HOST: '0.0.0.0',
      SLACK_API_URL: 'https://slack.com/api/',
      GITHUB_API_URL: 'https://api.github.com',
      GITHUB_RETRIES: 3,
      CHATOPS_QUEUE_PREFIX: '{chatops}',
      REDIS_URL: 'redis://127.0.0.1:6379',
      BOT_JOB_LOCK_MS: 6000,
    });
  });

  it('names every missing variable, never a value', () => {
    expect(() => loadConfig({ ...token })).toThrow(
      'missing required environment variable CHATOPS_PAYLOAD_SECRET; ' +
        'missing required environment variable SLACK_SIGNING_SECRET; ' +
        'missing required environment variable SLACK_BOT_TOKEN',
    );
  });

  it.each(['SLACK_SIGNING_SECRET', 'SLACK_BOT_TOKEN', 'CHATOPS_PAYLOAD_SECRET', 'GITHUB_TOKEN'])(
    'refuses a %s shorter than 16 characters, or only whitespace, naming it and not its value',
    (name) => {
      const short = () => loadConfig({ ...base, ...token, [name]: 'short-secret' });
      expect(short).toThrow(`environment variable ${name} is invalid: expected at least 16 characters`);
      expect(short).not.toThrow(/short-secret/);
      expect(() => loadConfig({ ...base, ...token, [name]: ' '.repeat(20) })).toThrow(
        `environment variable ${name} is invalid: expected more than whitespace`,
      );
    },
  );

  it('refuses a short GitHub App private key', () => {
    expect(() =>
      loadConfig({ ...base, GITHUB_APP_ID: '12', GITHUB_APP_PRIVATE_KEY: 'key', GITHUB_APP_INSTALLATION_ID: '34' }),
    ).toThrow('environment variable GITHUB_APP_PRIVATE_KEY is invalid: expected at least 16 characters');
  });

  it('needs GitHub credentials: a token, or an App with its installation (a numeric string)', () => {
    const app = { GITHUB_APP_ID: '12', GITHUB_APP_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----' };
    expect(() => loadConfig(base)).toThrow(
      'missing required environment variable GITHUB_TOKEN ' +
        '(or GITHUB_APP_ID + GITHUB_APP_PRIVATE_KEY + GITHUB_APP_INSTALLATION_ID)',
    );
    expect(() => loadConfig({ ...base, ...app })).toThrow(
      'missing required environment variable GITHUB_APP_INSTALLATION_ID (the GitHub App needs all three)',
    );
    expect(() => loadConfig({ ...base, ...app, GITHUB_APP_INSTALLATION_ID: '3x' })).toThrow(
      'environment variable GITHUB_APP_INSTALLATION_ID is invalid: expected a numeric installation id',
    );
    expect(loadConfig({ ...base, ...app, GITHUB_APP_INSTALLATION_ID: '34' }).GITHUB_APP_INSTALLATION_ID).toBe('34');
  });

  it('secretsOf lists every secret and the Redis password, so no log line carries one', () => {
    const env = loadConfig({ ...base, ...token, REDIS_URL: 'redis://:s3cr%40t@redis.internal:6379' });
    expect(secretsOf(env)).toEqual([
      base.SLACK_SIGNING_SECRET,
      base.SLACK_BOT_TOKEN,
      token.GITHUB_TOKEN,
      undefined,
      base.CHATOPS_PAYLOAD_SECRET,
      's3cr@t',
    ]);
    expect(secretsOf(loadConfig({ ...base, ...token })).at(-1)).toBeUndefined();
  });
});

describe('protectionRuleWarning', () => {
  const apps = (rules: { web?: boolean } = {}) =>
    parseAppsConfig(`
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    channel: C0DEPLOYS
    environments:
      staging: {}
      production: { protection_rule: {} }
      held: { protection_rule: { when_frozen: wait } }
  web:
    repository: acme/web
    circleci: { project_slug: gh/acme/web }
    channel: C0DEPLOYS
    environments:
      production: ${rules.web ? '{ protection_rule: {} }' : '{}'}
`);
  const app = {
    GITHUB_APP_ID: '12',
    GITHUB_APP_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----',
    GITHUB_APP_INSTALLATION_ID: '34',
  };

  it('with GITHUB_TOKEN, names every environment with protection_rule: and says what to set', () => {
    expect(protectionRuleWarning(loadConfig({ ...base, ...token }), apps({ web: true }))).toBe(
      'protection_rule: is set for api production, api held, web production, but the bot uses GITHUB_TOKEN and ' +
        'GitHub takes the review of a custom deployment protection rule only from a GitHub App: GitHub Actions ' +
        'runs waiting there will not be answered (set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and ' +
        'GITHUB_APP_INSTALLATION_ID instead of GITHUB_TOKEN)',
    );
  });

  it('a token wins over the App when both are set, so it warns then too', () => {
    expect(protectionRuleWarning(loadConfig({ ...base, ...token, ...app }), apps())).toMatch(
      /^protection_rule: is set for api production, api held, but the bot uses GITHUB_TOKEN /,
    );
  });

  it('says nothing with the GitHub App, or when no environment has protection_rule:', () => {
    expect(protectionRuleWarning(loadConfig({ ...base, ...app }), apps({ web: true }))).toBeNull();
    const none = parseAppsConfig(`
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments: { staging: {} }
`);
    expect(protectionRuleWarning(loadConfig({ ...base, ...token }), none)).toBeNull();
  });
});
