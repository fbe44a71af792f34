/** The REST API version the code is written against, sent on every call as `X-GitHub-Api-Version`. */
export const GITHUB_API_VERSION = '2022-11-28';

type Options = { headers: Record<string, string | number | undefined>; url?: string };
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
 * expired early) fetches a new installation token and tries the request once more. The
 * `/app/…` endpoints themselves (signed with the app's JWT) are left alone.
 */
export function githubAppTokenRefresh(octokit: unknown, options: PluginOptions): void {
  if (!options.authStrategy) return;
  const host = octokit as HookHost;
  host.hook.wrap('request', async (request, requestOptions) => {
    try {
      return await request(requestOptions);
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status !== 401 || /\/app(\/|$)/.test(String(requestOptions.url ?? ''))) throw e;
      await host.auth({ type: 'installation', refresh: true });
      return request(requestOptions);
    }
  });
}
