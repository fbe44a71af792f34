import { describe, expect, it } from '@jest/globals';
import { loadConfig, settingsOf } from '../../src/config.js';

describe('loadConfig', () => {
  it('needs SLACK_BOT_TOKEN and names it', () => {
    expect(() => loadConfig({})).toThrow('[notifier] missing required environment variable SLACK_BOT_TOKEN');
  });

  it('has production defaults', () => {
    const config = loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1' });
    expect(config).toMatchObject({
      PORT: 3002,
      SLACK_API_URL: 'https://slack.com/api/',
      GITHUB_WEB_URL: 'https://github.com',
      CHATOPS_QUEUE_PREFIX: '{chatops}',
      HEALTH_MONITOR_INTERVAL_MS: 60_000,
      HEALTH_FAILURES_BEFORE_DOWN: 3,
      HEALTH_REMINDER_INTERVAL_MS: 0,
      HEALTH_PROBE_TIMEOUT_MS: 5_000,
      HEALTH_MAX_REDIRECTS: 3,
    });
    expect(settingsOf(config).monitors).toBe(true);
  });

  it('rejects a bad tunable without echoing the token', () => {
    expect(() =>
      loadConfig({ SLACK_BOT_TOKEN: 'xoxb-secret-value', HEALTH_FAILURES_BEFORE_DOWN: '0', PORT: 'x' }),
    ).toThrow(
      new RegExp(
        /^\[notifier\] environment variable (PORT|HEALTH_FAILURES_BEFORE_DOWN) is invalid: .+; /.source +
          /environment variable (PORT|HEALTH_FAILURES_BEFORE_DOWN) is invalid/.source,
      ),
    );
    expect(() => loadConfig({ SLACK_BOT_TOKEN: 'xoxb-secret-value', PORT: 'x' })).not.toThrow(/xoxb-secret-value/);
  });
});
