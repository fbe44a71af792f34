import { describe, expect, it } from '@jest/globals';
import { clip, describeLockRefusal, describeWaiting, startedDescription } from '../../../src/run/describe.js';

describe('descriptions', () => {
  it('clips to 140 characters on one line', () => {
    expect(clip('a\n  b')).toBe('a b');
    const long = 'x'.repeat(200);
    expect(clip(long)).toHaveLength(140);
    expect(clip(long).endsWith('…')).toBe(true);
    expect(clip('y'.repeat(140))).toBe('y'.repeat(140));
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
      'production is locked by alice 30m 00s ago: release freeze',
    );
    expect(
      describeLockRefusal(
        { ...lock, reason: '', holder: { slack_user_id: 'U1', name: '' } },
        Date.parse('2026-01-01T10:30:00Z'),
      ),
    ).toBe('production is locked by U1 30m 00s ago (no reason given)');
  });

  it('says what a waiting deployment waits for', () => {
    expect(describeWaiting(12, 'main')).toBe('waiting for deployment #12 (main) to finish');
    expect(describeWaiting(12, undefined)).toBe('waiting for deployment #12 to finish');
  });

  it('names the CI and its pipeline number when it started', () => {
    expect(startedDescription({ label: 'CircleCI' }, { number: 42 })).toBe('CircleCI started pipeline #42');
    expect(startedDescription({ label: 'shell' }, {})).toBe('shell started');
  });
});
