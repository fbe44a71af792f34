import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeGitHub } from '../../src/index.js';
import type { Json } from '../../src/json.js';

const TOKEN = 'ghp_contract_test_token';
const github = new FakeGitHub({ token: TOKEN });
const DEPLOYMENTS_DOCS = 'https://docs.github.com/rest/deployments/deployments#create-a-deployment';

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(`${github.url}${path}`, {
    method,
    headers: {
      authorization: `token ${TOKEN}`,
      'x-github-api-version': '2022-11-28',
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
}

const invalid = (message: string, documentation_url: string) => ({
  status: 422,
  body: { message: `Invalid request.\n\n${message}`, documentation_url, status: '422' },
});

beforeAll(async () => {
  await github.start();
  github.addRepo('acme/api', { branches: { main: 'a'.repeat(40), 'feature/x': 'b'.repeat(40) } });
});
afterAll(() => github.stop());

describe('FakeGitHub against GitHub’s OpenAPI description', () => {
  it('answers an unknown path or method 404 as GitHub does', async () => {
    const notFound = { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' };
    expect(await call('GET', '/repos/acme/api/deployment')).toEqual({ status: 404, body: notFound });
    expect(await call('PUT', '/repos/acme/api/deployments')).toEqual({ status: 404, body: notFound });
    expect(await call('GET', '/repos/acme/api/deployments/abc')).toEqual({ status: 404, body: notFound });
  });

  it('refuses an undeclared body property: "x" is not a permitted key.', async () => {
    const res = await call('POST', '/repos/acme/api/deployments', { ref: 'main', required_contexts: [], sha: 'a' });
    expect(res).toEqual(invalid('"sha" is not a permitted key.', DEPLOYMENTS_DOCS));
    expect(github.deployments).toHaveLength(0);
    expect(github.refusals.at(-1)).toMatchObject({ method: 'POST', path: '/repos/acme/api/deployments', status: 422 });
  });

  it('refuses a missing required property, a wrong type and a value outside the enum', async () => {
    expect(await call('POST', '/repos/acme/api/deployments', { environment: 'production' })).toEqual(
      invalid('"ref" wasn\'t supplied.', DEPLOYMENTS_DOCS),
    );
    expect(await call('POST', '/repos/acme/api/deployments', { ref: 'main', auto_merge: 'false' })).toEqual(
      invalid('Invalid property /auto_merge: `"false"` is not of type `boolean`.', DEPLOYMENTS_DOCS),
    );
    expect(await call('POST', '/repos/acme/api/deployments', { ref: 'main', payload: 42 })).toEqual(
      invalid('Invalid property /payload: data matches no possible input. See `documentation_url`.', DEPLOYMENTS_DOCS),
    );
    const created = await call('POST', '/repos/acme/api/deployments', { ref: 'main', required_contexts: [] });
    expect(created.status).toBe(201);
    const statusDocs = 'https://docs.github.com/rest/deployments/statuses#create-a-deployment-status';
    expect(await call('POST', `/repos/acme/api/deployments/${created.body.id}/statuses`, { state: 'done' })).toEqual(
      invalid(
        'Invalid property /state: `done` is not a possible value. ' +
          'Must be one of the following: error, failure, inactive, in_progress, queued, pending, success.',
        statusDocs,
      ),
    );
  });

  it('refuses a deployment status description over 140 characters (a limit stated in prose)', async () => {
    const created = await call('POST', '/repos/acme/api/deployments', { ref: 'main', required_contexts: [] });
    const path = `/repos/acme/api/deployments/${created.body.id}/statuses`;
    expect(await call('POST', path, { state: 'success', description: 'x'.repeat(141) })).toEqual({
      status: 422,
      body: {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'DeploymentStatus',
            field: 'description',
            code: 'custom',
            message: 'description is too long (maximum is 140 characters)',
          },
        ],
        documentation_url: 'https://docs.github.com/rest/deployments/statuses#create-a-deployment-status',
        status: '422',
      },
    });
    expect((await call('POST', path, { state: 'success', description: 'x'.repeat(140) })).status).toBe(201);
  });

  it('refuses a workflow_dispatch with more than 25 inputs, or a sha as its ref', async () => {
    const path = '/repos/acme/api/actions/workflows/deploy.yml/dispatches';
    const docs = 'https://docs.github.com/rest/actions/workflows#create-a-workflow-dispatch-event';
    const inputs = Object.fromEntries(Array.from({ length: 26 }, (_, i) => [`in${i}`, 'v']));
    expect(await call('POST', path, { ref: 'main', inputs })).toEqual(
      invalid('Invalid property /inputs: no more than 25 properties allowed; 26 were supplied.', docs),
    );
    expect(await call('POST', path, { ref: 'a'.repeat(40) })).toEqual({
      status: 422,
      body: { message: `No ref found for: ${'a'.repeat(40)}`, documentation_url: docs, status: '422' },
    });
    expect((await call('POST', path, { ref: 'feature/x', inputs: { sha: 'b'.repeat(40) } })).status).toBe(204);
  });

  it('checks query parameters: a wrong type or enum value is a 422; per_page over 100 is lowered to 100', async () => {
    const runsDocs = 'https://docs.github.com/rest/actions/workflow-runs#list-workflow-runs-for-a-workflow';
    expect(await call('GET', '/repos/acme/api/actions/workflows/deploy.yml/runs?status=done')).toEqual(
      invalid(
        'Invalid property /status: `done` is not a possible value. Must be one of the following: completed, ' +
          'action_required, cancelled, failure, neutral, skipped, stale, success, timed_out, in_progress, queued, ' +
          'requested, waiting, pending.',
        runsDocs,
      ),
    );
    const listDocs = 'https://docs.github.com/rest/deployments/deployments#list-deployments';
    expect(await call('GET', '/repos/acme/api/deployments?per_page=many')).toEqual(
      invalid('Invalid property /per_page: `"many"` is not of type `integer`.', listDocs),
    );
    for (let i = 0; i < 101; i++) github.deployments.push({ id: 90_000 + i, repository: 'acme/api', environment: 'x' });
    const page = await call('GET', '/repos/acme/api/deployments?per_page=500&created=>=2026-01-01');
    expect(page.status).toBe(200);
    expect(page.body).toHaveLength(100);
  });

  it('answers 400 to a body that is not JSON, 401 to bad credentials', async () => {
    expect(await call('POST', '/repos/acme/api/deployments', '{"ref":')).toEqual({
      status: 400,
      body: { message: 'Problems parsing JSON', documentation_url: DEPLOYMENTS_DOCS, status: '400' },
    });
    expect(await call('GET', '/repos/acme/api', undefined, { authorization: 'token nope' })).toEqual({
      status: 401,
      body: { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' },
    });
  });

  it('answers an unsupported X-GitHub-Api-Version 400, and records the version of every request', async () => {
    const before = github.requests.length;
    expect(await call('GET', '/repos/acme/api', undefined, { 'x-github-api-version': '2021-01-01' })).toEqual({
      status: 400,
      body: {
        message: 'Bad Request',
        errors:
          'The version you specified in the "X-GitHub-API-Version" request header, "2021-01-01", is not a supported ' +
          'version. The following versions are currently supported: "2026-03-10" (most recent) and "2022-11-28".',
        documentation_url: 'https://docs.github.com/rest',
        status: '400',
      },
    });
    expect((await call('GET', '/repos/acme/api', undefined, { 'x-github-api-version': '2026-03-10' })).status).toBe(
      200,
    );
    await fetch(`${github.url}/repos/acme/api`, { headers: { authorization: `token ${TOKEN}` } });
    expect(github.apiVersions().slice(before)).toEqual(['2021-01-01', '2026-03-10', undefined]);
    expect(github.withoutApiVersion().at(-1)?.path).toBe('/repos/acme/api');
  });

  it('serves git refs: a branch under heads/, a tag under tags/, else GitHub’s 404', async () => {
    expect((await call('GET', '/repos/acme/api/git/ref/heads/feature/x')).body).toMatchObject({
      ref: 'refs/heads/feature/x',
      object: { sha: 'b'.repeat(40), type: 'commit' },
    });
    expect((await call('GET', '/repos/acme/api/git/ref/tags%2Fv1')).status).toBe(404);
    github.tag('acme/api', 'v1');
    expect((await call('GET', '/repos/acme/api/git/ref/tags%2Fv1')).body).toMatchObject({
      ref: 'refs/tags/v1',
      object: { sha: 'a'.repeat(40) },
    });
    expect(await call('GET', `/repos/acme/api/git/ref/tags/${'a'.repeat(40)}`)).toEqual({
      status: 404,
      body: {
        message: 'Not Found',
        documentation_url: 'https://docs.github.com/rest/git/refs#get-a-reference',
        status: '404',
      },
    });
  });

  it('serves a branch with a slash, encoded or not', async () => {
    expect((await call('GET', '/repos/acme/api/branches/feature%2Fx')).body).toEqual({
      name: 'feature/x',
      commit: { sha: 'b'.repeat(40) },
    });
    expect((await call('GET', '/repos/acme/api/branches/feature/x')).status).toBe(200);
  });

  it('compares two commits as GitHub does: the commits of head not in base, oldest first', async () => {
    const head = github.push('acme/api', 'feature/x', 'compare-head', 'Add <b> & fix');
    const a = 'a'.repeat(40);
    const res = await call('GET', `/repos/acme/api/compare/${a}...${head}`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      html_url: `https://github.com/acme/api/compare/${a}...${head}`,
      status: 'ahead',
      ahead_by: 2,
      behind_by: 0,
      total_commits: 2,
      commits: [
        { sha: 'b'.repeat(40), commit: { message: 'fake commit' } },
        { sha: head, html_url: `https://github.com/acme/api/commit/${head}`, commit: { message: 'Add <b> & fix' } },
      ],
    });
    const behind = await call('GET', `/repos/acme/api/compare/${head}...${a}`);
    expect(behind.body).toMatchObject({ status: 'behind', total_commits: 0, commits: [] });
    expect((await call('GET', `/repos/acme/api/compare/${a}...${'f'.repeat(40)}`)).status).toBe(404);
  });
});
