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

  it('is null when either end is missing', () => {
    expect(formatBetween(undefined, '2026-01-01T00:00:00Z')).toBeNull();
    expect(formatBetween('2026-01-01T00:00:00Z', undefined)).toBeNull();
  });
});
