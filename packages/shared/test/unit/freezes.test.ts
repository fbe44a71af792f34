import { describe, expect, it } from '@jest/globals';
import {
  ConfigError,
  formatZoned,
  freezeAt,
  listFreezes,
  zonedInstant,
  type AdHocFreeze,
} from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number) => new Date(ms).toISOString();

const config = (freezes: { top?: string; app?: string; env?: string } = {}, zone = 'Europe/Oslo') =>
  parseAppsConfig(`
defaults: { time_zone: ${zone} }
${freezes.top ? `freezes:\n${freezes.top}` : ''}
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    ${freezes.app ? `freezes:\n${freezes.app.replace(/^/gm, '    ')}` : ''}
    environments:
      staging: {}
      production:
        production: true
        ${freezes.env ? `freezes:\n${freezes.env.replace(/^/gm, '        ')}` : ''}
  web:
    repository: acme/web
    circleci: { project_slug: gh/acme/web }
    environments:
      production: {}
`);

const WEEKEND = '  - { from: fri 16:00, to: mon 08:00, reason: Weekend }';

describe('zonedInstant (Europe/Oslo)', () => {
  it('reads wall times in winter (UTC+1) and summer (UTC+2)', () => {
    expect(iso(zonedInstant('Europe/Oslo', { year: 2026, month: 12, day: 4, minute: 16 * 60 }))).toBe(
      '2026-12-04T15:00:00.000Z',
    );
    expect(iso(zonedInstant('Europe/Oslo', { year: 2026, month: 6, day: 5, minute: 16 * 60 }))).toBe(
      '2026-06-05T14:00:00.000Z',
    );
  });

  it('moves a time the spring-forward night skips on by an hour; takes the first of a time shown twice', () => {
    // 2026-03-29: 02:00 CET becomes 03:00 CEST; 02:30 never shows on a clock in Oslo.
    expect(iso(zonedInstant('Europe/Oslo', { year: 2026, month: 3, day: 29, minute: 150 }))).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    // 2026-10-25: 03:00 CEST becomes 02:00 CET; 02:30 shows twice, first in summer time.
    expect(iso(zonedInstant('Europe/Oslo', { year: 2026, month: 10, day: 25, minute: 150 }))).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });

  it('formats an instant as people read it in a zone', () => {
    expect(formatZoned(at('2026-12-07T07:00:00Z'), 'Europe/Oslo')).toBe('Mon 2026-12-07 08:00 Europe/Oslo');
    expect(formatZoned(at('2026-12-07T07:00:00Z'), 'UTC')).toBe('Mon 2026-12-07 07:00 UTC');
  });
});

describe('freezeAt: a weekly freeze, Fridays 16:00 to Mondays 08:00 Europe/Oslo', () => {
  const c = config({ env: WEEKEND });
  const verdict = (when: string) => freezeAt(c, 'api', 'production', at(when));

  it('is not frozen on Friday at 15:59, and names the next freeze', () => {
    const v = verdict('2026-12-04T14:59:00Z');
    expect(v).toMatchObject({ frozen: false, next: { reason: 'Weekend', zone: 'Europe/Oslo' } });
    if (v.frozen || !v.next) throw new Error('expected a next freeze');
    expect([iso(v.next.start), iso(v.next.end)]).toEqual(['2026-12-04T15:00:00.000Z', '2026-12-07T07:00:00.000Z']);
  });

  it('is frozen from Friday 16:00 over the week boundary (Sunday into Monday) until Monday 08:00, excluded', () => {
    for (const when of [
      '2026-12-04T15:00:00Z',
      '2026-12-06T22:59:00Z',
      '2026-12-06T23:30:00Z',
      '2026-12-07T06:59:59Z',
    ]) {
      const v = verdict(when);
      expect(v.frozen).toBe(true);
      if (v.frozen)
        expect([iso(v.until), v.by.reason, v.by.origin]).toEqual([
          '2026-12-07T07:00:00.000Z',
          'Weekend',
          { kind: 'config', app: 'api', environment: 'production' },
        ]);
    }
    expect(verdict('2026-12-07T07:00:00Z').frozen).toBe(false);
  });

  it('covers only its environment', () => {
    expect(freezeAt(c, 'api', 'staging', at('2026-12-05T12:00:00Z')).frozen).toBe(false);
    expect(freezeAt(c, 'web', 'production', at('2026-12-05T12:00:00Z')).frozen).toBe(false);
  });

  it('keeps to the wall clock across daylight saving: each end is Monday 08:00 local time', () => {
    // Autumn: starts Friday 16:00 CEST (14:00 UTC), ends Monday 08:00 CET (07:00 UTC).
    const autumn = verdict('2026-10-26T06:30:00Z');
    expect(autumn.frozen && iso(autumn.until)).toBe('2026-10-26T07:00:00.000Z');
    expect(verdict('2026-10-23T13:59:00Z').frozen).toBe(false);
    expect(verdict('2026-10-23T14:00:00Z').frozen).toBe(true);
    // Spring: ends Monday 08:00 CEST (06:00 UTC): 06:30 UTC is 08:30 local, no longer frozen.
    const spring = verdict('2026-03-30T05:59:00Z');
    expect(spring.frozen && iso(spring.until)).toBe('2026-03-30T06:00:00.000Z');
    expect(verdict('2026-03-30T06:30:00Z').frozen).toBe(false);
  });
});

describe('freezeAt: other windows', () => {
  it('a window crossing the week boundary the other way (Sunday 22:00 to Monday 02:00)', () => {
    const c = config({ env: '  - { from: sun 22:00, to: mon 02:00, time_zone: UTC, reason: Backups }' });
    expect(freezeAt(c, 'api', 'production', at('2026-12-06T21:59:00Z')).frozen).toBe(false);
    const v = freezeAt(c, 'api', 'production', at('2026-12-07T01:00:00Z'));
    expect(v.frozen && [iso(v.until), v.by.zone]).toEqual(['2026-12-07T02:00:00.000Z', 'UTC']);
  });

  it('a daily window over midnight (18:00 to 08:00)', () => {
    const c = config({ env: "  - { from: '18:00', to: '08:00', reason: Nights }" }, 'UTC');
    const night = freezeAt(c, 'api', 'production', at('2026-12-02T07:59:00Z'));
    expect(night.frozen && iso(night.until)).toBe('2026-12-02T08:00:00.000Z');
    const day = freezeAt(c, 'api', 'production', at('2026-12-02T08:00:00Z'));
    expect(!day.frozen && day.next && iso(day.next.start)).toBe('2026-12-02T18:00:00.000Z');
  });

  it('a one-off range: next before it, frozen during it, gone after it', () => {
    const c = config({ app: '- { from: 2026-12-21, to: 2027-01-04 08:00, reason: Holidays }' });
    const before = freezeAt(c, 'api', 'staging', at('2026-12-20T12:00:00Z'));
    expect(!before.frozen && before.next && iso(before.next.start)).toBe('2026-12-20T23:00:00.000Z');
    const during = freezeAt(c, 'api', 'staging', at('2026-12-24T12:00:00Z'));
    expect(during.frozen && [iso(during.until), during.by.origin]).toEqual([
      '2027-01-04T07:00:00.000Z',
      { kind: 'config', app: 'api' },
    ]);
    expect(freezeAt(c, 'api', 'staging', at('2027-01-04T07:00:00Z'))).toEqual({ frozen: false, next: null });
  });

  it('freezes that follow on at once count as one: until is the end of the last', () => {
    const c = config({
      env: WEEKEND,
      top: "  - { from: '2026-12-07 08:00', to: '2026-12-07 12:00', reason: Release, environments: [production] }",
    });
    const v = freezeAt(c, 'api', 'production', at('2026-12-05T12:00:00Z'));
    expect(v.frozen && [iso(v.until), v.by.reason, v.holding.map((h) => h.reason)]).toEqual([
      '2026-12-07T11:00:00.000Z',
      'Release',
      ['Weekend'],
    ]);
    // The top-level freeze names production only: every app's production, no staging.
    expect(freezeAt(c, 'web', 'production', at('2026-12-07T09:00:00Z')).frozen).toBe(true);
    expect(freezeAt(c, 'api', 'staging', at('2026-12-07T09:00:00Z')).frozen).toBe(false);
  });

  it('ad-hoc freezes: of the whole app, or of one environment, until their end', () => {
    const c = config();
    const by = { slack_user_id: 'U0ALICE', name: 'alice' };
    const adHocs: AdHocFreeze[] = [
      {
        app: 'api',
        environment: null,
        reason: 'incident',
        until: '2026-12-02T10:00:00.000Z',
        by,
        at: '2026-12-02T08:00:00.000Z',
      },
      {
        app: 'web',
        environment: 'production',
        reason: 'migration',
        until: '2026-12-02T12:00:00.000Z',
        by,
        at: '2026-12-02T08:00:00.000Z',
      },
    ];
    const now = at('2026-12-02T09:00:00Z');
    const api = freezeAt(c, 'api', 'staging', now, adHocs);
    expect(api.frozen && [iso(api.until), api.by.origin]).toEqual([
      '2026-12-02T10:00:00.000Z',
      { kind: 'ad-hoc', app: 'api', environment: null, by },
    ]);
    expect(freezeAt(c, 'web', 'production', now, adHocs).frozen).toBe(true);
    expect(freezeAt(c, 'api', 'staging', at('2026-12-02T10:00:00Z'), adHocs).frozen).toBe(false);
    expect(listFreezes(c, now, adHocs).map((t) => [t.reason, iso(t.end)])).toEqual([
      ['incident', '2026-12-02T10:00:00.000Z'],
      ['migration', '2026-12-02T12:00:00.000Z'],
    ]);
    expect(listFreezes(c, now, adHocs, 'web').map((t) => t.reason)).toEqual(['migration']);
  });
});

describe('the config with freezes', () => {
  it('parses again to itself (the windows are read from from/to, not stored)', () => {
    const c = config({ env: WEEKEND, app: '- { from: 2026-12-21, to: 2027-01-04 08:00, reason: Holidays }' });
    const api = c.apps.api!;
    const again = parseAppsConfig(
      JSON.stringify({
        defaults: { time_zone: c.defaults.time_zone },
        apps: {
          api: {
            repository: api.repository,
            circleci: api.circleci,
            freezes: api.freezes,
            environments: { production: { freezes: api.environments.production!.freezes } },
          },
        },
      }),
    );
    expect([again.apps.api!.freezes, again.apps.api!.environments.production!.freezes]).toEqual([
      api.freezes,
      api.environments.production!.freezes,
    ]);
    expect(api.freezes).toEqual([{ from: '2026-12-21', to: '2027-01-04 08:00', reason: 'Holidays' }]);
  });
});

describe('the config refuses a freeze it cannot read', () => {
  const problems = (text: string) => {
    try {
      parseAppsConfig(text);
    } catch (e) {
      if (e instanceof ConfigError) return e.problems;
      throw e;
    }
    return [];
  };
  const app = (freezes: string, defaults = '') => `${defaults}
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    freezes: [${freezes}]
    environments: { staging: {}, production: {} }
`;

  it('names the bad field of each', () => {
    expect(problems(app('{ from: fri 16:00, to: mon 08:00, time_zone: Europe/Osloo, reason: x }'))).toEqual([
      'apps.api.freezes[0].time_zone: expected an IANA time zone such as Europe/Oslo or UTC',
    ]);
    expect(
      problems(app('{ from: fri 16:00, to: mon 08:00, reason: x }', 'defaults: { time_zone: Mars/Base }')),
    ).toEqual(['defaults.time_zone: expected an IANA time zone such as Europe/Oslo or UTC']);
    expect(problems(app("{ from: fri 16:00, to: '08:00', reason: x }"))).toEqual([
      'apps.api.freezes[0]: from and to must be of one form: expected "DAY HH:MM" (every week: fri 16:00), ' +
        '"HH:MM" (every day: 18:00) or "YYYY-MM-DD[ HH:MM]" (once)',
    ]);
    expect(problems(app('{ from: friday 25:00, to: mon 08:00, reason: x }'))).toEqual([
      'apps.api.freezes[0]: from: expected "DAY HH:MM" (every week: fri 16:00), "HH:MM" (every day: 18:00) ' +
        'or "YYYY-MM-DD[ HH:MM]" (once)',
    ]);
    expect(problems(app('{ from: 2027-01-04, to: 2026-12-21, reason: x }'))).toEqual([
      'apps.api.freezes[0]: to must be after from',
    ]);
    expect(problems(app('{ from: 2026-02-30, to: 2026-03-02, reason: x }'))[0]).toMatch(
      /^apps\.api\.freezes\[0\]: from:/,
    );
    expect(problems(app('{ from: fri 16:00, to: mon 08:00, reason: x, environments: [prod] }'))).toEqual([
      'apps.api.freezes[0].environments[0]: no environment is called "prod"',
    ]);
  });
});
