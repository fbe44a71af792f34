import { ExternalApiError, isRetryableStatus } from '@chatops/shared/contracts';
import type { ResponderPort } from '../ports.js';

/** Posts JSON to a Slack response_url. 5xx, 429 and network errors are retryable. */
export function createFetchResponder(timeoutMs = 10_000): ResponderPort {
  return {
    async respond(responseUrl, reply) {
      let res: Response;
      try {
        res = await fetch(responseUrl, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(reply),
          signal: AbortSignal.timeout(timeoutMs),
        });
      } catch (e) {
        throw new ExternalApiError('slack', `[bot] response_url did not answer: ${(e as Error).message}`, {
          retryable: true,
          cause: e,
        });
      }
      await res.arrayBuffer().catch(() => undefined);
      if (!res.ok) {
        throw new ExternalApiError('slack', `[bot] response_url answered ${res.status}`, {
          status: res.status,
          retryable: isRetryableStatus(res.status),
        });
      }
    },
  };
}
