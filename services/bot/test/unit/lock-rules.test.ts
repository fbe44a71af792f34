import { describe, expect, it } from '@jest/globals';
import type { EnvironmentLock } from '@chatops/shared/contracts';
import { parseAppsConfig } from '@chatops/shared/runtime';
import { parseLockDuration } from '../../src/commands/parse-lock-duration.js';
import { lockLength, lockRules, lockTimers } from '../../src/handlers/lock-rules.js';

const M = 60_000;
const H = 60 * M;
const T0 = Date.parse('2026-05-01T12:00:00Z');

const CONFIG = parseAppsConfig(`
defaults: { lock_max: 12h, lock_nag_after: 3h }
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      staging: {}
      production: { lock_max: 2h, lock_remind_before: 15m }
`);
const env = (name: string) => CONFIG.apps.api!.environments[name]!;

const lock = (hours: number | null): EnvironmentLock => ({
  repository: 'acme/api',
  environment: 'staging',
  holder: { slack_user_id: 'U0ALICE', name: 'alice' },
  reason: '',
  locked_at: new Date(T0).toISOString(),
  ...(hours === null ? {} : { expires_at: new Date(T0 + hours * H).toISOString() }),
});

describe('lockRules', () => {
  it("an environment's own settings win; the others are the defaults'", () => {
    expect(lockRules(CONFIG, env('staging'))).toEqual({ maxMs: 12 * H, nagAfterMs: 3 * H, remindBeforeMs: 10 * M });
    expect(lockRules(CONFIG, env('production'))).toEqual({ maxMs: 2 * H, nagAfterMs: 3 * H, remindBeforeMs: 15 * M });
  });
});

describe('lockLength', () => {
  const rules = { maxMs: 8 * H, nagAfterMs: 4 * H, remindBeforeMs: 10 * M };
  it('is the maximum when none is asked, what is asked up to it, and the maximum (cut) past it', () => {
    expect(lockLength(undefined, rules)).toEqual({ ms: 8 * H, cut: false });
    expect(lockLength(2 * H, rules)).toEqual({ ms: 2 * H, cut: false });
    expect(lockLength(8 * H, rules)).toEqual({ ms: 8 * H, cut: false });
    expect(lockLength(24 * H, rules)).toEqual({ ms: 8 * H, cut: true });
  });
});

describe('lockTimers', () => {
  const rules = { maxMs: 8 * H, nagAfterMs: 4 * H, remindBeforeMs: 10 * M };
  it('an 8h lock: the nag at 4h, the reminder 10 minutes before its end, its end', () => {
    expect(lockTimers(lock(8), rules)).toEqual([
      { kind: 'nag', atMs: T0 + 4 * H },
      { kind: 'remind', atMs: T0 + 8 * H - 10 * M },
      { kind: 'expire', atMs: T0 + 8 * H },
    ]);
  });

  it('no nag when the reminder comes first; no reminder for a lock shorter than the reminder', () => {
    expect(lockTimers(lock(4), rules)).toEqual([
      { kind: 'remind', atMs: T0 + 4 * H - 10 * M },
      { kind: 'expire', atMs: T0 + 4 * H },
    ]);
    expect(lockTimers(lock(5 / 60), rules)).toEqual([{ kind: 'expire', atMs: T0 + 5 * M }]);
  });

  it('a lock with no end (taken before locks could end) only nags', () => {
    expect(lockTimers(lock(null), rules)).toEqual([{ kind: 'nag', atMs: T0 + 4 * H }]);
  });
});

describe('parseLockDuration', () => {
  it.each([
    [[], { ok: true, reason: '' }],
    [['db', 'work'], { ok: true, reason: 'db work' }],
    [['for', '2h', 'db', 'work'], { ok: true, reason: 'db work', duration_ms: 2 * H }],
    [['FOR', '1h30m'], { ok: true, reason: '', duration_ms: 90 * M }],
    [['for', 'the', 'demo'], { ok: true, reason: 'for the demo' }],
    [['for'], { ok: true, reason: 'for' }],
    [['db', 'for', '2h'], { ok: true, reason: 'db for 2h' }],
    [
      ['for', '2hours'],
      { ok: false, error: '"2hours" is not a duration: use minutes, hours or days, like 30m, 2h or 1d.' },
    ],
    [['for', '0m'], { ok: false, error: '"0m" is not a duration: use minutes, hours or days, like 30m, 2h or 1d.' }],
    [
      ['for', '2<!here>'],
      { ok: false, error: '"2&lt;!here&gt;" is not a duration: use minutes, hours or days, like 30m, 2h or 1d.' },
    ],
  ])('%j', (words, expected) => {
    expect(parseLockDuration(words)).toEqual(expected);
  });
});
