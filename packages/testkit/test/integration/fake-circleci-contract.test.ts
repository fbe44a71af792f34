import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeCircleCI, FakeGitHub } from '../../src/index.js';
import type { Json } from '../../src/json.js';

const TOKEN = 'circle_contract_test_token';
const circle = new FakeCircleCI({ token: TOKEN });
const github = new FakeGitHub();
const SLUG = 'gh/acme/api';

async function trigger(body: unknown, headers: Record<string, string> = { 'circle-token': TOKEN }, slug = SLUG) {
  const res = await fetch(`${circle.apiUrl}/project/${slug}/pipeline`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Json };
}
const refused = (status: number, message: string) => ({ status, body: { message } });

beforeAll(async () => {
  await circle.start();
  github.addRepo('acme/api', {
    defaultBranch: 'main',
    branches: { main: 'a'.repeat(40), 'feature/x': 'b'.repeat(40) },
  });
  circle.followGitHub(github);
});
afterAll(() => circle.stop());

describe('FakeCircleCI against CircleCI’s API v2 description', () => {
  it('requires a token, in any of the forms the description and the API guide give', async () => {
    expect(await trigger({ branch: 'main' }, {})).toEqual(refused(401, 'You must log in first.'));
    expect(await trigger({ branch: 'main' }, { 'circle-token': 'wrong' })).toEqual(
      refused(401, 'You must log in first.'),
    );
    const basic = `Basic ${Buffer.from(`${TOKEN}:`).toString('base64')}`;
    const forms: Array<Record<string, string>> = [
      { 'circle-token': TOKEN },
      { authorization: `Bearer ${TOKEN}` },
      { authorization: basic },
    ];
    for (const headers of forms) {
      expect((await trigger({ branch: 'main' }, headers)).status).toBe(201);
    }
    const query = await fetch(`${circle.apiUrl}/project/${SLUG}/pipeline?circle-token=${TOKEN}`, { method: 'POST' });
    expect(query.status).toBe(201);
    const get = await fetch(`${circle.apiUrl}/pipeline/${circle.pipelines[0]!.id}`);
    expect(get.status).toBe(401);
  });

  it('refuses a body key TriggerPipelineParameters does not declare', async () => {
    expect(await trigger({ branch: 'main', revision: 'a'.repeat(40) })).toEqual(
      refused(400, 'Unexpected argument(s): revision'),
    );
  });

  it('refuses pipeline parameters that are not strings, integers or booleans, or past the stated limits', async () => {
    const typeError = (key: string) =>
      refused(
        400,
        `Invalid value for pipeline parameter ${key}: pipeline parameters must be strings, integers or booleans.`,
      );
    expect(await trigger({ branch: 'main', parameters: { chatops: { id: 1 } } })).toEqual(typeError('chatops'));
    expect(await trigger({ branch: 'main', parameters: { ratio: 1.5 } })).toEqual(typeError('ratio'));
    const many = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`p${i}`, i]));
    expect(await trigger({ branch: 'main', parameters: many })).toEqual(
      refused(400, 'Too many pipeline parameters: 101 (at most 100 entries).'),
    );
    expect(await trigger({ branch: 'main', parameters: { ['k'.repeat(129)]: 'v' } })).toEqual(
      refused(400, `Pipeline parameter key is too long: ${'k'.repeat(32)}… (at most 128 characters).`),
    );
    expect(await trigger({ branch: 'main', parameters: { chatops_params: 'v'.repeat(513) } })).toEqual(
      refused(400, 'Pipeline parameter chatops_params is too long: 513 characters (at most 512).'),
    );
    const ok = await trigger({
      branch: 'main',
      parameters: { a: 'v'.repeat(512), b: 1, c: true, ['k'.repeat(128)]: '' },
    });
    expect(ok.status).toBe(201);
  });

  it('refuses branch and tag together', async () => {
    expect(await trigger({ branch: 'main', tag: 'v1' })).toEqual(
      refused(400, 'branch and tag are mutually exclusive: specify only one of them.'),
    );
  });

  it('refuses a branch the project does not have, and a sha, which is never a branch', async () => {
    expect(await trigger({ branch: 'a'.repeat(40) })).toEqual(refused(400, 'Branch not found'));
    expect(await trigger({ branch: 'a'.repeat(40) }, undefined, 'gh/acme/unknown')).toEqual(
      refused(400, 'Branch not found'),
    );
    expect(await trigger({ branch: 'gone' })).toEqual(refused(400, 'Branch not found'));
    expect((await trigger({ branch: 'feature/x' })).status).toBe(201);
    github.push('acme/api', 'later');
    expect((await trigger({ branch: 'later' })).status).toBe(201);
    circle.setBranches('gh/acme/web', ['trunk']);
    expect(await trigger({ branch: 'main' }, undefined, 'gh/acme/web')).toEqual(refused(400, 'Branch not found'));
    expect((await trigger({ branch: 'trunk' }, undefined, 'gh/acme/web')).status).toBe(201);
  });

  it('reads no body sent without Content-Type application/json: the default branch, no parameters', async () => {
    const res = await fetch(`${circle.apiUrl}/project/${SLUG}/pipeline`, {
      method: 'POST',
      headers: { 'circle-token': TOKEN },
      body: JSON.stringify({ branch: 'feature/x', parameters: { chatops_sha: 'b'.repeat(40) } }),
    });
    expect(res.status).toBe(201);
    expect(circle.pipelines.at(-1)).toMatchObject({ branch: 'main', parameters: {} });
  });

  it('answers 404 to a path it does not serve or an id that is not a uuid', async () => {
    const headers = { 'circle-token': TOKEN };
    expect((await fetch(`${circle.apiUrl}/pipeline/123`, { headers })).status).toBe(404);
    expect((await fetch(`${circle.apiUrl}/project/${SLUG}/pipelines`, { headers })).status).toBe(404);
    expect(circle.refusals.at(-1)).toMatchObject({ status: 404, body: { message: 'Not found' } });
  });
});
