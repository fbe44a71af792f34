import { describe, expect, it } from '@jest/globals';
import { formatBetween, formatDuration } from '@chatops/shared/contracts';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [1234, '1.2 s'],
    [42_000, '42 s'],
    [185_000, '3m 05s'],
    [3_720_000, '1h 02m'],
    [2 * 86_400_000 + 3 * 3_600_000, '2d 03h'],
    [999, '999 ms'],
    [999.6, '1.0 s'],
    [9949, '9.9 s'],
    [9960, '10 s'],
    [1000, '1.0 s'],
    [9_900, '9.9 s'],
    [10_000, '10 s'],
    [59_000, '59 s'],
    [59_500, '1m 00s'],
    [60_000, '1m 00s'],
    [3_599_000, '59m 59s'],
    [3_600_000, '1h 00m'],
    [86_399_000, '23h 59m'],
    [86_400_000, '1d 00h'],
    [Number.POSITIVE_INFINITY, '?'],
    [-1, '?'],
    [Number.NaN, '?'],
  ])('%p ms → %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('formatBetween', () => {
  it('formats the time between two ISO timestamps, never negative', () => {
    expect(formatBetween('2026-01-01T00:00:00Z', '2026-01-01T00:02:14Z')).toBe('2m 14s');
    expect(formatBetween('2026-01-01T00:00:10Z', '2026-01-01T00:00:00Z')).toBe('0 ms');
  });

  it('is null when either end is missing or not a time', () => {
    expect(formatBetween(undefined, '2026-01-01T00:00:00Z')).toBeNull();
    expect(formatBetween('2026-01-01T00:00:00Z', undefined)).toBeNull();
    expect(formatBetween('2026-01-01T00:00:00Z', 'yesterday')).toBeNull();
  });
});
