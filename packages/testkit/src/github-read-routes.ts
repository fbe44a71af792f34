import type { FakeGitHub } from './fake-github.js';
import { type FakeRepo, resolveRef, stripDeployment } from './github-data.js';
import type { Json } from './json.js';
import { githubError } from './github-contract.js';
import { repositoryObject } from './github-payloads.js';
import type { Guard } from './github-routes.js';

const DOCS = 'https://docs.github.com/rest';

/** The routes that read: repository, branch, commit, its statuses and check suites, compare, deployments, statuses. */
export function registerReadRoutes(github: FakeGitHub, guard: Guard): void {
  github.route(
    'GET',
    '/repos/:owner/:repo',
    guard((_r, _p, repo) => ({ status: 200, body: repositoryObject(repo, repo.defaultBranch) })),
  );

  github.route(
    'GET',
    '/repos/:owner/:repo/branches/:branch*',
    guard((_r, p, repo) => {
      const head = repo.branches.get(p.branch!);
      if (!head) return githubError(404, 'Branch not found', `${DOCS}/branches/branches#get-a-branch`);
      return { status: 200, body: { name: p.branch, commit: { sha: head } } };
    }),
  );

  github.route(
    'GET',
    '/repos/:owner/:repo/commits/:ref/status',
    guard((_r, p, repo) => {
      const commit = resolveRef(repo, p.ref!);
      if (!commit) return githubError(422, `No commit found for SHA: ${p.ref}`);
      const statuses = [...(repo.statuses.get(commit) ?? new Map()).entries()].map(([context, state]) => ({
        context,
        state,
      }));
      const state =
        statuses.length === 0
          ? 'pending'
          : statuses.every((s) => s.state === 'success')
            ? 'success'
            : statuses.some((s) => s.state === 'failure' || s.state === 'error')
              ? 'failure'
              : 'pending';
      return { status: 200, body: { state, sha: commit, total_count: statuses.length, statuses } };
    }),
  );

  github.route(
    'GET',
    '/repos/:owner/:repo/commits/:ref/check-suites',
    guard((_r, p, repo) => {
      const commit = resolveRef(repo, p.ref!);
      if (!commit) return githubError(422, `No commit found for SHA: ${p.ref}`);
      const suites = (repo.checkSuites.get(commit) ?? []).map((conclusion, i) => ({
        id: i + 1,
        head_sha: commit,
        status: conclusion ? 'completed' : 'in_progress',
        conclusion: conclusion || null,
        app: { slug: `ci-${i}` },
      }));
      return { status: 200, body: { total_count: suites.length, check_suites: suites } };
    }),
  );

  github.route(
    'GET',
    '/repos/:owner/:repo/commits/:ref',
    guard((_r, p, repo) => {
      const commit = resolveRef(repo, p.ref!);
      if (!commit) return githubError(422, `No commit found for SHA: ${p.ref}`);
      return {
        status: 200,
        body: {
          sha: commit,
          html_url: `https://github.com/${repo.owner}/${repo.name}/commit/${commit}`,
          commit: { message: repo.messages.get(commit) ?? 'fake commit' },
        },
      };
    }),
  );

  github.route(
    'GET',
    '/repos/:owner/:repo/compare/:basehead',
    guard((_r, p, repo) => {
      const [base, head] = p.basehead!.split('...') as [string, string];
      const b = repo.history.indexOf(resolveRef(repo, base) ?? '');
      const h = repo.history.indexOf(resolveRef(repo, head) ?? '');
      if (b < 0 || h < 0) return githubError(404, 'Not Found');
      const status = h > b ? 'ahead' : h < b ? 'behind' : 'identical';
      // GitHub's "commit-comparison": the commits of head not in base, oldest first (at most 250).
      const web = `https://github.com/${repo.owner}/${repo.name}`;
      const commits = repo.history.slice(b + 1, h + 1).map((c) => commitOf(repo, github.url, c));
      return {
        status: 200,
        body: {
          url: `${github.url}/repos/${repo.owner}/${repo.name}/compare/${p.basehead}`,
          html_url: `${web}/compare/${p.basehead}`,
          permalink_url: `${web}/compare/${repo.owner}:${repo.history[b]}...${repo.owner}:${repo.history[h]}`,
          diff_url: `${web}/compare/${p.basehead}.diff`,
          patch_url: `${web}/compare/${p.basehead}.patch`,
          base_commit: commitOf(repo, github.url, repo.history[b]!),
          merge_base_commit: commitOf(repo, github.url, repo.history[Math.min(b, h)]!),
          status,
          ahead_by: Math.max(0, h - b),
          behind_by: Math.max(0, b - h),
          total_commits: commits.length,
          commits: commits.slice(0, 250),
          files: [],
        },
      };
    }),
  );

  github.route(
    'GET',
    '/repos/:owner/:repo/git/ref/:ref*',
    guard((_r, p, repo) => {
      const [kind, ...rest] = p.ref!.split('/');
      const name = rest.join('/');
      const commit = kind === 'heads' ? repo.branches.get(name) : kind === 'tags' ? repo.tags.get(name) : undefined;
      if (!commit) return githubError(404, 'Not Found', `${DOCS}/git/refs#get-a-reference`);
      const url = `${github.url}/repos/${repo.owner}/${repo.name}/git/refs/${p.ref}`;
      return {
        status: 200,
        body: {
          ref: `refs/${p.ref}`,
          node_id: `REF_${commit.slice(0, 8)}`,
          url,
          object: { sha: commit, type: 'commit' },
        },
      };
    }),
  );

  github.route(
    'GET',
    '/repos/:owner/:repo/deployments',
    guard((req, _p, repo) => {
      const full = `${repo.owner}/${repo.name}`.toLowerCase();
      let list = github.deployments
        .filter((d) => d.repository.toLowerCase() === full)
        .slice()
        .reverse();
      for (const key of ['environment', 'ref', 'sha', 'task'] as const) {
        const v = req.query.get(key);
        if (v) list = list.filter((d) => d[key] === v);
      }
      const perPage = Math.min(Number(req.query.get('per_page') ?? 30), 100);
      const page = Number(req.query.get('page') ?? 1);
      return { status: 200, body: list.slice((page - 1) * perPage, page * perPage).map(stripDeployment) };
    }),
  );

  github.route(
    'GET',
    '/repos/:owner/:repo/deployments/:id',
    guard((_r, p, repo) => {
      const full = `${repo.owner}/${repo.name}`;
      const d = github.deployments.find((x) => x.id === Number(p.id) && x.repository === full);
      return d ? { status: 200, body: stripDeployment(d) } : githubError(404, 'Not Found');
    }),
  );

  github.route(
    'GET',
    '/repos/:owner/:repo/deployments/:id/statuses',
    guard((_r, p) => {
      const list = github.statusesOf(Number(p.id)).slice().reverse();
      return { status: 200, body: list };
    }),
  );
}

/** A commit as GitHub's REST API shows it (the "commit" schema), with the fake's message for it. */
function commitOf(repo: FakeRepo, apiUrl: string, commit: string): Json {
  const api = `${apiUrl}/repos/${repo.owner}/${repo.name}`;
  const date = repo.dates.get(commit) ?? '2026-01-01T00:00:00Z';
  const person = { name: 'Fake Author', email: 'author@example.com', date };
  return {
    url: `${api}/commits/${commit}`,
    sha: commit,
    node_id: `C_${commit.slice(0, 8)}`,
    html_url: `https://github.com/${repo.owner}/${repo.name}/commit/${commit}`,
    comments_url: `${api}/commits/${commit}/comments`,
    commit: {
      url: `${api}/git/commits/${commit}`,
      author: person,
      committer: person,
      message: repo.messages.get(commit) ?? 'fake commit',
      comment_count: 0,
      tree: { sha: commit, url: `${api}/git/trees/${commit}` },
    },
    author: null,
    committer: null,
    parents: [],
  };
}
