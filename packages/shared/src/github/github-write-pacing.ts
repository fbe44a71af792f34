import Bottleneck from 'bottleneck';

/**
 * The `write` limiter group for `@octokit/plugin-throttling`: at most one GitHub write (POST, PATCH,
 * PUT, DELETE) in flight per process, at least `intervalMs` apart. GitHub asks integrations to wait
 * a second between writes (the default); a GitHub Enterprise Server without secondary limits, or the
 * local fakes, can go faster. The services leave the throttling plugin out altogether at 0 (its
 * limiter costs about 20 ms per call even with nothing to wait for); a 429's Retry-After still
 * delays the job.
 */
export function githubWritePacing(intervalMs: number): Bottleneck.Group {
  return intervalMs > 0 ? new Bottleneck.Group({ id: 'chatops-github-write', maxConcurrent: 1, minTime: intervalMs }) : new Bottleneck.Group({ id: 'chatops-github-write' });
}
