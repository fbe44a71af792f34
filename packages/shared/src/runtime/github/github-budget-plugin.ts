import { githubRateLimit } from './github-error.js';
import type { GitHubWriteBudget } from './github-write-budget.js';

/** What the budget reports of each write: its route (`POST /repos/{owner}/{repo}/deployments`) and its wait. */
export type GitHubWriteObserver = (route: string, waitMs: number) => void;

export type GitHubWriteBudgetPluginOptions = {
  /** The shared budget (none: writes are not budgeted, only reported), and what each write reports. */
  writeBudget?: { budget?: GitHubWriteBudget; onWrite?: GitHubWriteObserver };
  /** The other Octokit options. */
  [option: string]: unknown;
};

type Options = { method?: string; url?: string };
type RequestFailure = {
  status?: number;
  request?: unknown;
  message?: string;
  response?: { headers?: Record<string, string | undefined>; data?: unknown };
};
type RequestWrap = {
  hook: {
    wrap(name: 'request', wrapper: (request: (o: Options) => Promise<unknown>, o: Options) => Promise<unknown>): void;
  };
};

const WRITES = new Set(['POST', 'PATCH', 'PUT', 'DELETE']);

/**
 * Octokit plugin: each try of a write (POST, PATCH, PUT, DELETE) first takes its turn in the shared
 * write budget, and holds it until GitHub answered; an answer that is one of GitHub's rate limits (a
 * Retry-After, a secondary limit, the primary limit spent), to a read or a write, pauses the budget for
 * every process. Reads are not budgeted, nor the App's own calls (`/app/…`: its installation token,
 * the App's identity, not the installation's). Registered inside the retries: every try is a write
 * GitHub counts. Each write is reported (`onWrite`) with or without a budget.
 */
export function githubWriteBudget(octokit: unknown, options: GitHubWriteBudgetPluginOptions): void {
  const config = options.writeBudget;
  if (!config) return;
  const { budget, onWrite } = config;
  (octokit as RequestWrap).hook.wrap('request', async (request, requestOptions) => {
    const method = String(requestOptions.method ?? 'GET').toUpperCase();
    const url = String(requestOptions.url ?? '');
    const write = WRITES.has(method) && !/^\/app(\/|$)/.test(url);
    const turn = write && budget ? await budget.reserve() : undefined;
    if (write) onWrite?.(`${method} ${url.split('?')[0]}`, turn?.waitedMs ?? 0);
    try {
      return await request(requestOptions);
    } catch (e) {
      const failure = e as RequestFailure;
      if (failure.request !== undefined && typeof failure.status === 'number') {
        const limit = githubRateLimit(failure.status, failure.response?.headers ?? {}, answerMessage(failure));
        if (limit.limited && budget) await budget.pause(limit.waitMs ?? limit.fallbackMs).catch(() => undefined);
      }
      throw e;
    } finally {
      await turn?.release().catch(() => undefined);
    }
  });
}

function answerMessage(failure: RequestFailure): string {
  const data = failure.response?.data as { message?: unknown } | undefined;
  return typeof data?.message === 'string' ? data.message : (failure.message ?? '');
}
