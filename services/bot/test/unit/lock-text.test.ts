import { describe, expect, it } from '@jest/globals';
import type { EnvironmentLock } from '@chatops/shared/contracts';
import {
  expiredText,
  holdingText,
  waitingFullText,
  lockedText,
  lockLine,
  lockRefusal,
  nagText,
  reminderText,
  unlockedText,
  waitingListLine,
  waitingText,
} from '../../src/render/lock-text.js';

const M = 60_000;
const H = 60 * M;
const T0 = Date.parse('2026-05-01T12:00:00Z');
const P = { app: 'api', environment: 'staging' };
const HOSTILE = 'db `x` <!channel> & <@U0EVE|eve> *bold*';

const lock = (who: string, reason = '', hours: number | null = 8, at = T0): EnvironmentLock => ({
  repository: 'acme/api',
  environment: 'staging',
  holder: { slack_user_id: who, name: who },
  reason,
  locked_at: new Date(at).toISOString(),
  ...(hours === null ? {} : { expires_at: new Date(at + hours * H).toISOString() }),
});

describe('lock texts', () => {
  it('a lock taken, and one cut to the maximum', () => {
    expect(lockedText(P, lock('U0ALICE', 'db migration'), { ms: 2 * H, cut: false, askedMs: 2 * H })).toBe(
      '<@U0ALICE> locked api staging (db migration) for 2h 00m. ' +
        'Others cannot deploy there until `unlock api staging` or the time is up.',
    );
    expect(lockedText(P, lock('U0ALICE'), { ms: 8 * H, cut: true, askedMs: 24 * H })).toBe(
      '<@U0ALICE> locked api staging for 8h 00m (1d 00h was asked; 8h 00m is the most here). ' +
        'Others cannot deploy there until `unlock api staging` or the time is up.',
    );
  });

  it('a deploy refused by a lock says when it ends; an old lock with no end reads as before', () => {
    expect(lockRefusal(lock('U0ALICE', 'db'), T0 + 5 * M)).toBe(
      'staging of acme/api is locked by <@U0ALICE>: "db" (5m 00s ago). ' +
        'Only they may deploy there until it is unlocked (it ends in 7h 55m).',
    );
    expect(lockRefusal(lock('U0ALICE', '', null), T0 + 5 * M)).toBe(
      'staging of acme/api is locked by <@U0ALICE> (5m 00s ago). Only they may deploy there until it is unlocked.',
    );
  });

  it('the list: holder, reason, since, end, and the waiting list in order', () => {
    expect(lockLine(lock('U0ALICE', 'db'), T0 + 5 * M)).toBe(
      '• acme/api staging: locked by <@U0ALICE> "db", 5m 00s ago, ends in 7h 55m',
    );
    expect(lockLine(lock('U0ALICE', '', 1), T0 + 2 * H)).toBe(
      '• acme/api staging: locked by <@U0ALICE>, 2h 00m ago, its time is up',
    );
    const w = (id: string) => ({ holder: { slack_user_id: id, name: id }, reason: '', joined_at: '' });
    expect(waitingListLine([w('U0BOB'), w('U0CAROL')])).toBe('   waiting: 1. <@U0BOB>, 2. <@U0CAROL>');
  });

  it('the answers about the waiting list: a place, a place kept, a full waiting list, a lock already held', () => {
    expect(waitingText(P, lock('U0ALICE', 'db'), 2, true, T0 + 5 * M)).toBe(
      'api staging is locked by <@U0ALICE> ("db", ends in 7h 55m). You are number 2 on the waiting list: ' +
        'I will mention you when the lock is yours. `unlock api staging` takes you off the waiting list.',
    );
    expect(waitingText(P, lock('U0ALICE'), 2, false, T0)).toBe(
      'You are already number 2 on the waiting list for api staging. ' +
        '`unlock api staging` takes you off the waiting list.',
    );
    expect(waitingFullText(P, lock('U0ALICE'), 10)).toBe(
      'api staging is locked by <@U0ALICE> and 10 people are waiting for it, as many as may. Try again later.',
    );
    expect(holdingText(P, lock('U0ALICE'), T0 + H)).toBe(
      'You already hold the lock on api staging; it ends in 7h 00m.',
    );
  });

  it('an unlock, an override, and a hand-over mentioning the new holder', () => {
    const next = lock('U0BOB', 'demo', 2, T0 + H);
    expect(unlockedText(P, 'U0ALICE', lock('U0ALICE'), null, T0 + H)).toBe('<@U0ALICE> unlocked api staging.');
    expect(unlockedText(P, 'U0CAROL', lock('U0ALICE'), next, T0 + H)).toBe(
      '<@U0CAROL> unlocked api staging. <@U0ALICE>, your lock was overridden. ' +
        '<@U0BOB>, it is your turn: you hold the lock on api staging now (demo) and it ends in 2h 00m. ' +
        '`unlock api staging` when you are done.',
    );
  });

  it('an end by itself, with and without someone waiting', () => {
    const ended = lock('U0ALICE');
    expect(expiredText(P, ended, T0 + 8 * H, null)).toBe(
      'The lock of <@U0ALICE> on api staging has ended (held 8h 00m). Anyone may deploy there again.',
    );
    expect(expiredText(P, ended, T0 + 8 * H, lock('U0BOB', '', 2, T0 + 8 * H))).toBe(
      'The lock of <@U0ALICE> on api staging has ended (held 8h 00m). ' +
        '<@U0BOB>, it is your turn: you hold the lock on api staging now and it ends in 2h 00m. ' +
        '`unlock api staging` when you are done.',
    );
  });

  it('the reminder and the nag', () => {
    expect(reminderText(P, lock('U0ALICE'), 0, T0 + 8 * H - 10 * M)).toBe(
      '<@U0ALICE>, your lock on api staging ends in 10m 00s. Nobody is waiting for it. ' +
        'To keep it longer, lock it again once it has ended.',
    );
    expect(reminderText(P, lock('U0ALICE'), 2, T0 + 8 * H - 10 * M)).toBe(
      '<@U0ALICE>, your lock on api staging ends in 10m 00s. 2 people are waiting for it.',
    );
    expect(nagText(P, lock('U0ALICE'), 1, T0 + 4 * H)).toBe(
      '<@U0ALICE>, you have held the lock on api staging for 4h 00m. 1 person is waiting for it. ' +
        'If you are done, `unlock api staging` lets others deploy.',
    );
  });

  it('a reason cannot ping, link or format: Slack markup in it is escaped everywhere it is shown', () => {
    const texts = [
      lockedText(P, lock('U0ALICE', HOSTILE), { ms: H, cut: false }),
      lockRefusal(lock('U0ALICE', HOSTILE), T0),
      lockLine(lock('U0ALICE', HOSTILE), T0),
      waitingText(P, lock('U0ALICE', HOSTILE), 1, true, T0),
      unlockedText(P, 'U0ALICE', lock('U0ALICE'), lock('U0BOB', HOSTILE), T0),
    ];
    for (const text of texts) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<@U0EVE');
      expect(text).toContain('&lt;!channel&gt;');
    }
  });
});
