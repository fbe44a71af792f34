import { describe, expect, it } from '@jest/globals';
import { ExternalApiError } from '@chatops/shared/contracts';
import { refusal } from '../../src/adapters/github-adapter.js';
import { refusedSentence } from '../../src/render/refused-sentence.js';

/** An Octokit RequestError as the client throws it. */
const failure = (status: number, data: unknown = {}, message = 'x') =>
  Object.assign(new Error(message), { status, request: {}, response: { status, headers: {}, data } });

describe('refusal: GitHub’s final answers to a new deployment', () => {
  it.each([
    [
      409,
      {
        message: 'Conflict: Commit status checks failed for x.',
        errors: [{ contexts: [{ context: 'ci', state: 'failure' }] }],
      },
      'checks',
    ],
    [409, { message: 'Conflict merging main into x.' }, 'conflict'],
    [401, { message: 'Bad credentials' }, 'unauthorized'],
    [403, { message: 'Resource not accessible by integration' }, 'forbidden'],
    [404, { message: 'Not Found' }, 'unknown-repo'],
    [422, { message: 'No ref found for: x' }, 'unknown-ref'],
    [422, { message: 'Validation Failed' }, 'invalid'],
    [400, { message: 'Problems parsing JSON' }, 'invalid'],
  ])('%i %j → %s', (status, data, kind) => {
    expect(refusal(failure(status, data)).kind).toBe(kind);
  });

  it.each([
    [403, { message: 'You have exceeded a secondary rate limit' }],
    [422, { message: 'Spammed' }],
    [429, { message: 'API rate limit exceeded' }],
    [500, { message: 'Server Error' }],
    [502, 'Bad Gateway'],
  ])('%i %j is passing: thrown, retryable', (status, data) => {
    expect(() => refusal(failure(status, data))).toThrow(ExternalApiError);
    try {
      refusal(failure(status, data));
    } catch (e) {
      expect((e as ExternalApiError).retryable).toBe(true);
    }
  });
});

describe('refusedSentence: one plain sentence per refusal, 401 and 403 apart from the other 4xx', () => {
  const github = (status: number) => new ExternalApiError('github', 'm', { status, retryable: false });
  const slack = (apiCode: string) => new ExternalApiError('slack', 'm', { status: 200, apiCode, retryable: false });

  it.each([
    [
      github(401),
      "GitHub refused the bot's credentials, so I could not finish this. " +
        'An operator must check GITHUB_TOKEN or the GitHub App.',
    ],
    [
      github(403),
      'GitHub refused the bot permission for this, so I could not finish this. ' +
        "An operator must check the token's or the GitHub App's access to the repository.",
    ],
    [
      github(404),
      'GitHub could not find what I asked for: the repository does not exist, or the bot has no access to it.',
    ],
    [github(422), 'GitHub refused the request (HTTP 422), so I could not finish this.'],
    [
      slack('invalid_auth'),
      "Slack refused the bot's credentials, so I could not finish this. An operator must check SLACK_BOT_TOKEN.",
    ],
    [
      slack('missing_scope'),
      'Slack refused the bot permission for this, so I could not finish this. ' +
        "An operator must check the Slack app's scopes.",
    ],
    [slack('channel_not_found'), 'Slack refused the request (channel_not_found), so I could not finish this.'],
  ])('%s', (error, sentence) => {
    expect(refusedSentence(error)).toBe(sentence);
  });
});
