import { ExternalApiError, isRetryableStatus } from '@chatops/shared/contracts';
import { inClientSpan } from '@chatops/shared/runtime';
import type { CircleCiApi, CircleWorkflow } from '../ports.js';

type CircleCiApiOptions = {
  apiUrl: string;
  token: string;
  /** The fetch to use (tests: one that fails as a test needs). */
  fetch?: typeof fetch;
};

/** A CircleCI request gets this long before it is abandoned (a retryable failure). */
const REQUEST_TIMEOUT_MS = 15_000;

/** CircleCI's API v2 over fetch, with the token, a timeout, and every failure mapped once (toCircleCiError). */
export function createCircleCiApi(opts: CircleCiApiOptions): CircleCiApi {
  const base = opts.apiUrl.replace(/\/$/, '');
  const doFetch = opts.fetch ?? fetch;
  // A client span per call while tracing is on, named by the route's template (`route`), never its values.
  const request = <T>(route: string, method: string, path: string, body?: unknown): Promise<T> =>
    inClientSpan(`CircleCI ${method} ${route}`, { 'http.request.method': method, 'url.template': route }, () =>
      call<T>(method, path, body),
    );
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    let res: Response;
    try {
      res = await doFetch(`${base}${path}`, {
        method,
        headers: {
          'Circle-Token': opts.token,
          accept: 'application/json',
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
        body: body ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (e) {
      throw toCircleCiError(`${method} ${path}`, { cause: e });
    }
    const text = await res.text();
    if (!res.ok) throw toCircleCiError(`${method} ${path}`, { response: res, text });
    return (text ? JSON.parse(text) : {}) as T;
  };
  const enc = encodeURIComponent;
  return {
    triggerPipeline: (slug, ref, parameters) =>
      request<{ id: string; number: number }>('/project/{project-slug}/pipeline', 'POST', `/project/${slug}/pipeline`, {
        ...ref,
        parameters,
      }),
    pipelineState: async (pipelineId) =>
      (await request<{ state: string }>('/pipeline/{pipeline-id}', 'GET', `/pipeline/${enc(pipelineId)}`)).state,
    workflows: async (pipelineId) =>
      (
        await request<{ items: CircleWorkflow[] }>(
          '/pipeline/{pipeline-id}/workflow',
          'GET',
          `/pipeline/${enc(pipelineId)}/workflow`,
        )
      ).items,
    async cancelWorkflow(workflowId) {
      await request('/workflow/{id}/cancel', 'POST', `/workflow/${enc(workflowId)}/cancel`);
    },
  };
}

/**
 * The one mapping of a CircleCI failure: no answer (network, timeout) is retryable; an answer is
 * retryable when its status is (5xx, 408, 429), a 429 with its Retry-After.
 */
function toCircleCiError(
  call: string,
  failure: { cause: unknown } | { response: Response; text: string },
): ExternalApiError {
  if ('cause' in failure) {
    const message = (failure.cause as Error).message;
    return new ExternalApiError('circleci', `CircleCI ${call} failed: ${message}`, {
      retryable: true,
      cause: failure.cause,
    });
  }
  const { status, headers } = failure.response;
  const retryAfter = Number(headers.get('retry-after'));
  return new ExternalApiError('circleci', `CircleCI answered ${status} to ${call}: ${safeMessage(failure.text)}`, {
    status,
    retryable: isRetryableStatus(status),
    retryAfterMs: status === 429 && retryAfter > 0 ? retryAfter * 1000 : undefined,
  });
}

/** CircleCI's `message`, else the body, cut to 200 characters. */
function safeMessage(text: string): string {
  try {
    const m = (JSON.parse(text) as { message?: unknown }).message;
    return typeof m === 'string' ? m.slice(0, 200) : text.slice(0, 200);
  } catch {
    return text.slice(0, 200);
  }
}
