/** The REST API version the code is written against, sent on every call as `X-GitHub-Api-Version`. */
export const GITHUB_API_VERSION = '2022-11-28';

type Options = { headers: Record<string, string | number | undefined>; url?: string; baseUrl?: string };
type HookHost = {
  hook: {
    before(name: 'request', fn: (options: Options) => void): void;
    wrap(
      name: 'request',
      fn: (request: (options: Options) => Promise<unknown>, options: Options) => Promise<unknown>,
    ): void;
  };
  auth: (options?: Record<string, unknown>) => Promise<unknown>;
};
type PluginOptions = { authStrategy?: unknown };

/** Octokit plugin: `X-GitHub-Api-Version` on every request. */
export function githubApiVersion(octokit: unknown): void {
  (octokit as HookHost).hook.before('request', (options) => {
    options.headers['x-github-api-version'] = GITHUB_API_VERSION;
  });
}

/**
 * Octokit plugin, for GitHub App credentials only: a 401 to an installation token (revoked, or
 * expired early) fetches a new installation token and tries the request once more. A 401 of the
 * `/app/…` endpoints themselves (signed with the app's JWT, e.g. fetching the token) is left alone.
 */
export function githubAppTokenRefresh(octokit: unknown, options: PluginOptions): void {
  if (!options.authStrategy) return;
  const host = octokit as HookHost;
  host.hook.wrap('request', async (request, requestOptions) => {
    try {
      return await request(requestOptions);
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status !== 401 || /^\/app(\/|$)/.test(failedPath(e, requestOptions))) throw e;
      await host.auth({ type: 'installation', refresh: true });
      return request(requestOptions);
    }
  });
}

/**
 * The API path (below the base URL, without the query) of the request a failure answered: the
 * failure's own request (the token request, when fetching the token failed), else the one sent.
 */
function failedPath(e: unknown, options: Options): string {
  const url = String((e as { request?: { url?: unknown } }).request?.url ?? options.url ?? '');
  const base = String(options.baseUrl ?? '');
  const path = base && url.startsWith(base) ? url.slice(base.length) : url.replace(/^[a-z][a-z\d+.-]*:\/\/[^/]*/i, '');
  return path.split('?')[0] ?? '';
}
