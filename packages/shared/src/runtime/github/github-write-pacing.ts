import Bottleneck from 'bottleneck';

/**
 * The `write` limiter group for `@octokit/plugin-throttling`: at most one GitHub write (POST, PATCH,
 * PUT, DELETE) in flight per process, at least `intervalMs` apart. GitHub asks integrations to wait
 * a second between writes (the default). At 0 (a GitHub Enterprise Server without secondary limits,
 * the local fakes) the services leave the throttling plugin out altogether: in the benchmark that
 * took about 20 ms off each leg (one GitHub write each); a 429's Retry-After still delays the job.
 */
export function githubWritePacing(intervalMs: number): Bottleneck.Group {
  return new Bottleneck.Group({ id: 'chatops-github-write', maxConcurrent: 1, minTime: intervalMs });
}
