import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { FakeGitHub } from '../../src/index.js';

const TOKEN = 'ghp_refs_test_token';
const github = new FakeGitHub({ token: TOKEN });

const get = async (path: string) => {
  const res = await fetch(`${github.url}${path}`, {
    headers: { authorization: `token ${TOKEN}`, 'x-github-api-version': '2022-11-28' },
  });
  return { status: res.status, link: res.headers.get('link'), body: (await res.json()) as Array<{ name: string }> };
};

beforeAll(async () => {
  await github.start();
  github.addRepo('acme/api', { branches: { main: 'a'.repeat(40) } });
  for (let i = 0; i < 104; i += 1) github.push('acme/api', `b-${String(i).padStart(3, '0')}`);
  github.tag('acme/api', 'v1.0.0');
});
afterAll(() => github.stop());

describe('FakeGitHub lists branches and tags as GitHub does', () => {
  it('pages of per_page (at most 100), sorted by name, with a Link header while there are more', async () => {
    const first = await get('/repos/acme/api/branches?per_page=100');
    expect(first.status).toBe(200);
    expect(first.body).toHaveLength(100);
    expect(first.body[0]).toEqual({
      name: 'b-000',
      commit: { sha: expect.stringMatching(/^[0-9a-f]{40}$/), url: expect.any(String) },
      protected: false,
    });
    expect(first.link).toBe(
      `<${github.url}/repos/acme/api/branches?per_page=100&page=2>; rel="next", ` +
        `<${github.url}/repos/acme/api/branches?per_page=100&page=2>; rel="last"`,
    );
    const second = await get('/repos/acme/api/branches?per_page=100&page=2');
    expect(second.body.map((b) => b.name)).toEqual(['b-100', 'b-101', 'b-102', 'b-103', 'main']);
    expect(second.link).toBeNull();
    // GitHub lowers a larger per_page to 100; the default is 30
    expect((await get('/repos/acme/api/branches?per_page=500')).body).toHaveLength(100);
    expect((await get('/repos/acme/api/branches')).body).toHaveLength(30);
    const tags = await get('/repos/acme/api/tags');
    expect(tags.body.map((t) => t.name)).toEqual(['v1.0.0']);
    expect((await get('/repos/acme/nope/branches')).status).toBe(404);
  });
});
