import { describe, expect, it } from '@jest/globals';
import { clip, describeLockRefusal, describeWaiting, formatDuration } from '../../src/run/describe.js';
import { nextPollDelay } from '../../src/run/follow-deployment.js';

describe('descriptions', () => {
  it('clips to 140 characters on one line', () => {
    expect(clip('a\n  b')).toBe('a b');
    const long = 'x'.repeat(200);
    expect(clip(long)).toHaveLength(140);
    expect(clip(long).endsWith('…')).toBe(true);
    expect(clip('y'.repeat(140))).toBe('y'.repeat(140));
  });

  it.each([
    [250, '250 ms'],
    [45_000, '45s'],
    [12 * 60_000, '12 min'],
    [3 * 3600_000 + 5 * 60_000, '3 h 5 min'],
    [2 * 3600_000, '2 h'],
    [50 * 3600_000, '2 d 2 h'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });

  it('names holder, reason and age of a lock', () => {
    const lock = {
      repository: 'acme/api',
      environment: 'production',
      holder: { slack_user_id: 'U1', name: 'alice' },
      reason: 'release freeze',
      locked_at: '2026-01-01T10:00:00Z',
    };
    expect(describeLockRefusal(lock, Date.parse('2026-01-01T10:30:00Z'))).toBe(
      'production is locked by alice 30 min ago: release freeze',
    );
    expect(
      describeLockRefusal(
        { ...lock, reason: '', holder: { slack_user_id: 'U1', name: '' } },
        Date.parse('2026-01-01T10:30:00Z'),
      ),
    ).toBe('production is locked by U1 30 min ago (no reason given)');
  });

  it('says what a waiting deployment waits for', () => {
    expect(describeWaiting(12, 'main')).toBe('waiting for deployment #12 (main) to finish');
    expect(describeWaiting(12, undefined)).toBe('waiting for deployment #12 to finish');
  });

  it('backs off polling ×1.5 up to the maximum', () => {
    expect([0, 1, 2, 3, 10].map((n) => nextPollDelay(n, 10_000, 60_000))).toEqual([
      10_000, 15_000, 22_500, 33_750, 60_000,
    ]);
  });
});
