import { describe, expect, it } from '@jest/globals';
import { ConfigError, parseDuration } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';

const M = 60_000;
const H = 60 * M;

describe('parseDuration', () => {
  it.each([
    ['30m', 30 * M],
    ['2h', 2 * H],
    ['1d', 24 * H],
    ['1h30m', 90 * M],
    ['2H', 2 * H],
    ['45s', 45_000],
    ['1d2h3m4s', 24 * H + 2 * H + 3 * M + 4000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', ' ', '0m', '0h0m', 'h', '2', '2x', '-2h', '1.5h', '30m2h', '2 h', 'for', '1e3m'])(
    'refuses %j',
    (text) => {
      expect(parseDuration(text)).toBeNull();
    },
  );
});

const config = (defaults: string, environment: string) => `
defaults: { ${defaults} }
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: { ${environment} }
`;

describe('the lock settings of the config file', () => {
  it('defaults: 8h at most, a nag after 4h, a reminder 10m before the end', () => {
    const parsed = parseAppsConfig(config('', ''));
    expect(parsed.defaults).toMatchObject({ lock_max: '8h', lock_nag_after: '4h', lock_remind_before: '10m' });
    expect(parsed.apps.api!.environments.staging).not.toHaveProperty('lock_max');
  });

  it('reads durations in defaults and per environment, as written', () => {
    const parsed = parseAppsConfig(
      config('lock_max: 1d, lock_nag_after: 2h, lock_remind_before: 5m', 'lock_max: 2h, lock_nag_after: 90m'),
    );
    expect(parsed.defaults).toMatchObject({ lock_max: '1d', lock_nag_after: '2h', lock_remind_before: '5m' });
    expect(parsed.apps.api!.environments.staging).toMatchObject({ lock_max: '2h', lock_nag_after: '90m' });
    // Kept as written: the parsed config parses again to itself.
    expect(parseAppsConfig(JSON.stringify(parsed))).toEqual(parsed);
  });

  it.each([
    ['lock_max: 8 hours', 'apps.api.environments.staging.lock_max: expected a duration like 30m, 2h or 1d, at most 7d'],
    ['lock_max: 8d', 'apps.api.environments.staging.lock_max: expected a duration like 30m, 2h or 1d, at most 7d'],
    [
      'lock_nag_after: 0m',
      'apps.api.environments.staging.lock_nag_after: expected a duration like 30m, 2h or 1d, at most 7d',
    ],
  ])('refuses %s, naming the field', (setting, message) => {
    expect(() => parseAppsConfig(config('', setting))).toThrow(ConfigError);
    expect(() => parseAppsConfig(config('', setting))).toThrow(message);
  });
});
