import { describe, expect, it } from '@jest/globals';
import { formatDuration } from '../../src/render/format-duration.js';
import { probeVerdict } from '../../src/health/probe-verdict.js';

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [850, '850 ms'],
    [1234, '1.2 s'],
    [42_000, '42 s'],
    [185_000, '3m 05s'],
    [3_720_000, '1h 02m'],
    [-1, '?'],
  ])('%p ms → %p', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('probeVerdict', () => {
  it.each([
    [{ healthy: true, status: 200, latencyMs: 1200 }, 'healthy in 1.2 s'],
    [{ healthy: false, status: 503, latencyMs: 40 }, 'unhealthy: 503 in 40 ms'],
    [{ healthy: false, latencyMs: 5000, error: 'timed out after 5000 ms' }, 'unhealthy: timed out after 5000 ms'],
  ])('%p → %p', (result, text) => {
    expect(probeVerdict(result)).toBe(text);
  });
});
