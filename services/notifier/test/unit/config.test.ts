import { describe, expect, it } from '@jest/globals';
import { loadConfig, secretsOf } from '../../src/config.js';

const SECRETS = { SLACK_BOT_TOKEN: 'xoxb-0123456789-abcdef', CHATOPS_PAYLOAD_SECRET: 'payload-secret-0123456789' };

describe('loadConfig', () => {
  it('needs SLACK_BOT_TOKEN and CHATOPS_PAYLOAD_SECRET, and names both', () => {
    expect(() => loadConfig({})).toThrow(
      'missing required environment variable CHATOPS_PAYLOAD_SECRET; ' +
        'missing required environment variable SLACK_BOT_TOKEN',
    );
  });

  it.each([
    ['shorter than 16 characters', 'xoxb-1', 'expected at least 16 characters'],
    ['only whitespace', ' '.repeat(20), 'expected more than whitespace'],
  ])('refuses a secret %s, without echoing it', (_, value, why) => {
    const run = () => loadConfig({ ...SECRETS, CHATOPS_PAYLOAD_SECRET: value });
    expect(run).toThrow(`environment variable CHATOPS_PAYLOAD_SECRET is invalid: ${why}`);
    expect(() => loadConfig({ ...SECRETS, SLACK_BOT_TOKEN: value })).toThrow(
      `environment variable SLACK_BOT_TOKEN is invalid: ${why}`,
    );
  });

  it('has production defaults', () => {
    expect(loadConfig(SECRETS)).toMatchObject({
      PORT: 3002,
      SLACK_API_URL: 'https://slack.com/api/',
      GITHUB_WEB_URL: 'https://github.com',
      CHATOPS_QUEUE_PREFIX: '{chatops}',
      HEALTH_MONITOR_INTERVAL_MS: 60_000,
      HEALTH_FAILURES_BEFORE_DOWN: 3,
      HEALTH_REMINDER_INTERVAL_MS: 0,
      HEALTH_PROBE_TIMEOUT_MS: 5_000,
      HEALTH_MAX_REDIRECTS: 3,
      HEALTH_MONITORS: 'true',
      NOTIFIER_JOB_LOCK_MS: 6000,
      NOTIFIER_KEY_LOCK_MS: 60_000,
    });
  });

  it('rejects a bad tunable without echoing the token', () => {
    expect(() => loadConfig({ ...SECRETS, HEALTH_FAILURES_BEFORE_DOWN: '0', PORT: 'x' })).toThrow(
      new RegExp(
        /^environment variable (PORT|HEALTH_FAILURES_BEFORE_DOWN) is invalid: .+; /.source +
          /environment variable (PORT|HEALTH_FAILURES_BEFORE_DOWN) is invalid/.source,
      ),
    );
    expect(() => loadConfig({ ...SECRETS, PORT: 'x' })).not.toThrow(/xoxb-0123456789/);
  });
});

describe('secretsOf', () => {
  it("lists the two secrets and Redis's password, to scrub from every log line", () => {
    const env = loadConfig({ ...SECRETS, REDIS_URL: 'redis://:p%40ss-word@redis.internal:6379' });
    expect(secretsOf(env)).toEqual([SECRETS.SLACK_BOT_TOKEN, SECRETS.CHATOPS_PAYLOAD_SECRET, 'p@ss-word']);
    expect(secretsOf(loadConfig(SECRETS))).toEqual([
      SECRETS.SLACK_BOT_TOKEN,
      SECRETS.CHATOPS_PAYLOAD_SECRET,
      undefined,
    ]);
  });
});
