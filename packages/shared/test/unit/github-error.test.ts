import { describe, expect, it } from '@jest/globals';
import { ExternalApiError } from '@chatops/shared/contracts';
import {
  GITHUB_API_VERSION,
  GITHUB_DO_NOT_RETRY,
  githubCall,
  githubMessage,
  toGitHubError,
} from '@chatops/shared/runtime';

/** An Octokit failure as @octokit/request-error builds it: status, response headers and data. */
function failure(status: number, data: unknown = {}, headers: Record<string, string> = {}): Error {
  return Object.assign(new Error(`HttpError ${status}`), { status, response: { headers, data } });
}

describe('toGitHubError', () => {
  it.each([
    [500, true],
    [502, true],
    [503, true],
    [408, true],
    [429, true],
    [400, false],
    [403, false],
    [404, false],
    [409, false],
    [410, false],
    [422, false],
  ])('status %p → retryable %p', (status, retryable) => {
    const mapped = toGitHubError(failure(status, { message: 'm' }), 'list deployments');
    expect(mapped).toBeInstanceOf(ExternalApiError);
    expect(mapped.retryable).toBe(retryable);
    expect(mapped.status).toBe(status);
  });

  it("words a 401 as GitHub refusing the credentials, whatever GitHub's message", () => {
    const mapped = toGitHubError(failure(401, { message: 'Bad credentials for ghp_secret' }), 'create deployment');
    expect(mapped.message).toBe(
      "GitHub refused chatops' credentials (401): check GITHUB_TOKEN or the GitHub App's key and installation",
    );
    expect(mapped.retryable).toBe(false);
  });

  it("takes the first line of GitHub's message", () => {
    const mapped = toGitHubError(failure(422, { message: 'Validation Failed\ndetails' }), 'create deployment status');
    expect(mapped.message).toBe('GitHub create deployment status failed (422): Validation Failed');
  });

  it("turns only a 429's Retry-After into retryAfterMs", () => {
    expect(toGitHubError(failure(429, {}, { 'retry-after': '30' }), 'x').context?.retryAfterMs).toBe(30_000);
    expect(toGitHubError(failure(429, {}, {}), 'x').context?.retryAfterMs).toBeUndefined();
    expect(toGitHubError(failure(429, {}, { 'retry-after': '0' }), 'x').context?.retryAfterMs).toBeUndefined();
    expect(toGitHubError(failure(429, {}, { 'retry-after': 'soon' }), 'x').context?.retryAfterMs).toBeUndefined();
    expect(toGitHubError(failure(503, {}, { 'retry-after': '30' }), 'x').context?.retryAfterMs).toBeUndefined();
  });

  it("makes GitHub's 403 rate limits retryable, delayed by their Retry-After or reset", () => {
    const secondary = failure(
      403,
      { message: 'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.' },
      { 'retry-after': '60' },
    );
    expect(toGitHubError(secondary, 'create deployment')).toMatchObject({
      message:
        'GitHub create deployment failed (403): You have exceeded a secondary rate limit. ' +
        'Please wait a few minutes before you try again.',
      retryable: true,
      status: 403,
      context: expect.objectContaining({ retryAfterMs: 60_000 }),
    });
    const reset = Math.floor(Date.now() / 1000) + 120;
    const primary = failure(
      403,
      { message: 'API rate limit exceeded for installation ID 42.' },
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) },
    );
    const mapped = toGitHubError(primary, 'list deployments');
    expect(mapped.retryable).toBe(true);
    expect(mapped.context?.retryAfterMs).toBeGreaterThan(118_000);
    expect(mapped.context?.retryAfterMs).toBeLessThanOrEqual(120_000);
    const past = failure(
      403,
      { message: 'API rate limit exceeded' },
      { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1' },
    );
    expect(toGitHubError(past, 'x').context?.retryAfterMs).toBe(1000);
    const noWait = toGitHubError(failure(403, { message: 'You have exceeded a secondary rate limit' }), 'x');
    // A secondary limit without a Retry-After waits a minute, as GitHub's docs ask.
    expect(noWait).toMatchObject({ retryable: true, context: expect.objectContaining({ retryAfterMs: 60_000 }) });
  });

  it('keeps every other 403 final (a permission is not a rate limit)', () => {
    const mapped = toGitHubError(
      failure(403, { message: 'Resource not accessible by integration' }, { 'x-ratelimit-remaining': '4999' }),
      'create deployment',
    );
    expect(mapped).toMatchObject({
      message: 'GitHub create deployment failed (403): Resource not accessible by integration',
      retryable: false,
    });
    expect(mapped.context?.retryAfterMs).toBeUndefined();
  });

  it('makes an error without a status (network) retryable, without a status in the message', () => {
    const cause = new Error('socket hang up');
    const mapped = toGitHubError(cause, 'get deployment');
    expect(mapped.message).toBe('GitHub get deployment failed: socket hang up');
    expect(mapped).toMatchObject({ retryable: true, status: undefined, code: 'chatops_github_api_error' });
    expect(mapped.cause).toBe(cause);
    expect(toGitHubError(Object.assign(new Error('x'), { status: 0 }), 'y').status).toBeUndefined();
    expect(toGitHubError('a string', 'y').message).toBe('GitHub y failed: a string');
  });

  it('never retries the statuses GitHub means as answers', () => {
    expect([...GITHUB_DO_NOT_RETRY].sort()).toEqual([400, 401, 403, 404, 409, 410, 422, 451]);
    expect(GITHUB_API_VERSION).toBe('2022-11-28');
  });
});

describe('githubMessage', () => {
  it("prefers GitHub's message to the error's", () => {
    expect(githubMessage(failure(404, { message: 'Not Found' }))).toBe('Not Found');
    expect(githubMessage(failure(404, 'not json'))).toBe('HttpError 404');
  });
});

describe('githubCall', () => {
  it('returns what the call returns', async () => {
    await expect(githubCall('get', async () => 42)).resolves.toBe(42);
  });

  it('maps what the call throws', async () => {
    const error = await githubCall('create deployment', async () => {
      throw failure(409, { message: 'Conflict' });
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ExternalApiError);
    expect((error as Error).message).toBe('GitHub create deployment failed (409): Conflict');
  });
});

describe('toGitHubError: secondary rate limits', () => {
  const failure = (status: number, message: string, headers: Record<string, string> = {}) =>
    Object.assign(new Error(message), { status, response: { headers, data: { message } } });

  it('makes a 422 "was spammed" retryable after a minute, as GitHub asks', () => {
    const error = toGitHubError(failure(422, 'Deployment was spammed'), 'create deployment');
    expect({ retryable: error.retryable, wait: error.context?.retryAfterMs }).toEqual({
      retryable: true,
      wait: 60_000,
    });
  });

  it('makes a 403 secondary rate limit without Retry-After retryable after a minute', () => {
    const error = toGitHubError(failure(403, 'You have exceeded a secondary rate limit.'), 'create deployment status');
    expect({ retryable: error.retryable, wait: error.context?.retryAfterMs }).toEqual({
      retryable: true,
      wait: 60_000,
    });
  });

  it('keeps any other 422 final', () => {
    const error = toGitHubError(failure(422, 'No ref found for: nope'), 'create deployment');
    expect({ retryable: error.retryable, wait: error.context?.retryAfterMs }).toEqual({
      retryable: false,
      wait: undefined,
    });
  });
});
