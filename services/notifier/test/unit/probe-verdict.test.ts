import { describe, expect, it } from '@jest/globals';
import { probeVerdict } from '../../src/health/probe-verdict.js';

describe('probeVerdict', () => {
  it.each([
    [{ healthy: true, status: 200, latencyMs: 1200 }, 'healthy in 1.2 s'],
    [{ healthy: false, status: 503, latencyMs: 40 }, 'unhealthy: 503 in 40 ms'],
    [{ healthy: false, latencyMs: 5000, error: 'timed out after 5000 ms' }, 'unhealthy: timed out after 5000 ms'],
  ])('%p → %p', (result, text) => {
    expect(probeVerdict(result)).toBe(text);
  });
});
