import { describe, expect, it } from '@jest/globals';
import { ExternalApiError } from '@chatops/shared/contracts';
import { createCircleCiApi } from '../../src/adapters/circleci-api.js';

type Sent = { url: string; init: RequestInit };

/** The API over a fetch that records each request and answers `answer` (or throws it). */
function apiAnswering(answer: Response | Error) {
  const sent: Sent[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    if (answer instanceof Error) throw answer;
    return answer;
  }) as typeof globalThis.fetch;
  return {
    api: createCircleCiApi({ apiUrl: 'https://circle.test/api/v2/', token: 'circle-token-0123456789', fetch }),
    sent,
  };
}

async function failure(call: Promise<unknown>): Promise<ExternalApiError> {
  const e = await call.then(
    () => undefined,
    (error: unknown) => error,
  );
  if (!(e instanceof ExternalApiError)) throw new Error(`expected an ExternalApiError, got ${String(e)}`);
  return e;
}

describe('the CircleCI API adapter', () => {
  it('sends the token, JSON only with a body, and the ids encoded in the path', async () => {
    const { api, sent } = apiAnswering(new Response(JSON.stringify({ id: 'p-1', number: 7 }), { status: 201 }));
    expect(await api.triggerPipeline('gh/acme/api', { tag: 'v1.2' }, { chatops_noop: false })).toEqual({
      id: 'p-1',
      number: 7,
    });
    expect(sent[0]!.url).toBe('https://circle.test/api/v2/project/gh/acme/api/pipeline');
    expect(sent[0]!.init.method).toBe('POST');
    expect(sent[0]!.init.headers).toEqual({
      'Circle-Token': 'circle-token-0123456789',
      accept: 'application/json',
      'content-type': 'application/json',
    });
    expect(sent[0]!.init.body).toBe('{"tag":"v1.2","parameters":{"chatops_noop":false}}');

    const { api: get, sent: gets } = apiAnswering(new Response('', { status: 202 }));
    await get.cancelWorkflow('w/1');
    expect(gets[0]!.url).toBe('https://circle.test/api/v2/workflow/w%2F1/cancel');
    expect(gets[0]!.init.headers).toEqual({ 'Circle-Token': 'circle-token-0123456789', accept: 'application/json' });
    expect(gets[0]!.init.body).toBeUndefined();
  });

  it('maps no answer to a retryable error naming the call', async () => {
    const { api } = apiAnswering(new TypeError('fetch failed'));
    const e = await failure(api.workflows('p-1'));
    expect(e.message).toBe('CircleCI GET /pipeline/p-1/workflow failed: fetch failed');
    expect(e.retryable).toBe(true);
    expect(e.status).toBeUndefined();
  });

  it("maps a 4xx to a final error with CircleCI's message, a 5xx to a retryable one, a 429 with its wait", async () => {
    const refused = apiAnswering(new Response(JSON.stringify({ message: 'Project not found' }), { status: 404 }));
    const notFound = await failure(refused.api.pipelineState('p-1'));
    expect(notFound.message).toBe('CircleCI answered 404 to GET /pipeline/p-1: Project not found');
    expect([notFound.retryable, notFound.status, notFound.context?.retryAfterMs]).toEqual([false, 404, undefined]);

    const down = apiAnswering(new Response(`<html>${'x'.repeat(300)}</html>`, { status: 502 }));
    const badGateway = await failure(down.api.workflows('p-1'));
    expect(badGateway.message).toBe(`CircleCI answered 502 to GET /pipeline/p-1/workflow: <html>${'x'.repeat(194)}`);
    expect(badGateway.retryable).toBe(true);

    const busy = apiAnswering(new Response('{}', { status: 429, headers: { 'retry-after': '7' } }));
    const limited = await failure(busy.api.cancelWorkflow('w-1'));
    expect(limited.message).toBe('CircleCI answered 429 to POST /workflow/w-1/cancel: {}');
    expect([limited.retryable, limited.status, limited.context?.retryAfterMs]).toEqual([true, 429, 7000]);
  });
});
