import Bottleneck from 'bottleneck';

/**
 * The `write` limiter group for `@octokit/plugin-throttling`: at most one GitHub write (POST, PATCH,
 * PUT, DELETE) in flight per process, at least `intervalMs` apart. GitHub asks integrations to wait
 * a second between writes (the default); a GitHub Enterprise Server without secondary limits, or the
 * local fakes, can go faster. 0 turns the pacing off (rate-limit answers are still honoured).
 */
export function githubWritePacing(intervalMs: number): Bottleneck.Group {
  return intervalMs > 0 ? new Bottleneck.Group({ id: 'chatops-github-write', maxConcurrent: 1, minTime: intervalMs }) : new Bottleneck.Group({ id: 'chatops-github-write' });
}
