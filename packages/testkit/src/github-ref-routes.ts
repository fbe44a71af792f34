import type { FakeGitHub } from './fake-github.js';
import type { Json } from './json.js';
import type { Guard } from './github-routes.js';
import type { RecordedRequest, Reply } from './fake-server.js';

/**
 * A page of a list as GitHub answers it: `per_page` (default 30, at most 100) and `page` (from 1),
 * with a `Link` header naming the next and last pages while there are more.
 */
function paged(github: FakeGitHub, req: RecordedRequest, items: Json[]): Reply {
  const perPage = Math.min(Math.max(Number(req.query.get('per_page') ?? 30) || 30, 1), 100);
  const page = Math.max(Number(req.query.get('page') ?? 1) || 1, 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const link = (n: number) => `<${github.url}${req.rawPath}?per_page=${perPage}&page=${n}>`;
  const headers: Record<string, string> =
    page < last ? { link: `${link(page + 1)}; rel="next", ${link(last)}; rel="last"` } : {};
  return { status: 200, headers, body: items.slice((page - 1) * perPage, page * perPage) };
}

/** GET /repos/{o}/{r}/branches and /tags: every branch and tag of the repository, by name, paginated. */
export function registerRefRoutes(github: FakeGitHub, guard: Guard): void {
  github.route(
    'GET',
    '/repos/:owner/:repo/branches',
    guard((req, _p, repo) => {
      const api = `${github.url}/repos/${repo.owner}/${repo.name}`;
      const items = [...repo.branches.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, sha]) => ({ name, commit: { sha, url: `${api}/commits/${sha}` }, protected: false }));
      return paged(github, req, items);
    }),
  );
  github.route(
    'GET',
    '/repos/:owner/:repo/tags',
    guard((req, _p, repo) => {
      const api = `${github.url}/repos/${repo.owner}/${repo.name}`;
      const items = [...repo.tags.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([name, sha]) => ({
          name,
          commit: { sha, url: `${api}/commits/${sha}` },
          zipball_url: `${api}/zipball/refs/tags/${name}`,
          tarball_url: `${api}/tarball/refs/tags/${name}`,
          node_id: `REF_${name}`,
        }));
      return paged(github, req, items);
    }),
  );
}
