import { describe, expect, it } from '@jest/globals';
import { computeDora } from '@chatops/shared/contracts';
import { statsText } from '../../src/render/stats-text.js';

const NOW = Date.parse('2030-06-30T12:00:00Z');

describe('statsText', () => {
  it('escapes the names and says what was not measured', () => {
    const report = computeDora([], { app: 'a<b>', environment: 'p&q', windowDays: 7, now: NOW });
    expect(statsText('a<b>', 'p&q', [report], NOW).split('\n')).toEqual([
      '*DORA figures of a&lt;b&gt; in p&amp;q* (trend: against the window before)',
      '*Last 7 days*',
      '• Deployment frequency: 0 successful deployments (0 a day, 0 a week) (as before)',
      '• Lead time for changes: no commit measured',
      '• Change failure rate: no deployment ran',
      '• Failed deployment recovery time: no recovery',
    ]);
  });

  it('says whether a change is better or worse (a shorter lead time is better, a higher failure rate worse)', () => {
    const report = computeDora([], { app: 'api', environment: 'production', windowDays: 7, now: NOW });
    const withTrend = {
      ...report,
      current: { ...report.current, changeFailure: { deployments: 4, failed: 2, rate: 0.5 } },
      previous: { ...report.previous, changeFailure: { deployments: 4, failed: 1, rate: 0.25 } },
      trend: { ...report.trend, changeFailureRate: 'up' as const },
    };
    expect(statsText('api', 'production', [withTrend], NOW)).toContain(
      '• Change failure rate: 50% (2 of 4) (↑ from 25%, worse)',
    );
  });
});
