import { inClientSpan, tracingEnabled } from '../telemetry/tracing.js';

type RequestOptions = { method?: string; url?: string };
type Hooked = {
  hook: {
    wrap(
      name: 'request',
      fn: (request: (options: RequestOptions) => Promise<unknown>, options: RequestOptions) => Promise<unknown>,
    ): void;
  };
};

/**
 * Octokit plugin: while tracing is on, a client span per try of a GitHub call (registered innermost),
 * named by the route's template (`GitHub POST /repos/{owner}/{repo}/deployments`), never by its values.
 */
export function githubTracing(octokit: unknown): void {
  if (!tracingEnabled()) return;
  (octokit as Hooked).hook.wrap('request', (request, options) => {
    const method = (options.method ?? 'GET').toUpperCase();
    const template = (options.url ?? '').split('?')[0] ?? '';
    const attributes = { 'http.request.method': method, 'url.template': template };
    return inClientSpan(`GitHub ${method} ${template}`, attributes, async (span) => {
      const response = (await request(options)) as { status?: number };
      if (response?.status) span?.setAttribute('http.response.status_code', response.status);
      return response;
    });
  });
}
