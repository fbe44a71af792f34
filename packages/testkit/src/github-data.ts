import { createHash } from 'node:crypto';
import type { Json } from './json.js';

export type FakeRepo = {
  owner: string;
  name: string;
  defaultBranch: string;
  /** branch name → head sha */
  branches: Map<string, string>;
  /** tag name → sha */
  tags: Map<string, string>;
  /** sha → commit statuses (context → state) */
  statuses: Map<string, Map<string, string>>;
  /** sha → check suite conclusions */
  checkSuites: Map<string, string[]>;
  /** branches that are behind the default branch: a deployment with auto_merge gets a 202 and a merge commit */
  behind: Set<string>;
  /** branches whose merge of the default branch conflicts: 409 */
  conflicts: Set<string>;
  /** ordered list of shas per branch (oldest first), for compare */
  history: string[];
  /** sha → commit message (`push` with a message); others read "fake commit" */
  messages: Map<string, string>;
  /** sha → its author and committer date (`commitAt`); others 2026-01-01T00:00:00Z */
  dates: Map<string, string>;
};

export type FakeDeployment = Json & { id: number; repository: string };
export type FakeStatus = Json & { id: number; state: string };
export type FakeWorkflowRun = Json & {
  id: number;
  repository: string;
  workflow: string;
  inputs: Record<string, unknown>;
};
export const sha = (seed: string): string => createHash('sha1').update(seed).digest('hex');

export type RepoOptions = { defaultBranch?: string; branches?: Record<string, string>; tags?: Record<string, string> };

/** A repository with its default branch (and the given branches), each branch at a sha made from its name. */
export function newRepo(fullName: string, opts: RepoOptions = {}): FakeRepo {
  const [owner, name] = fullName.split('/') as [string, string];
  const defaultBranch = opts.defaultBranch ?? 'main';
  const branches = new Map(Object.entries(opts.branches ?? { [defaultBranch]: sha(`${fullName}@${defaultBranch}`) }));
  if (!branches.has(defaultBranch)) branches.set(defaultBranch, sha(`${fullName}@${defaultBranch}`));
  return {
    owner,
    name,
    defaultBranch,
    branches,
    tags: new Map(Object.entries(opts.tags ?? {})),
    statuses: new Map(),
    checkSuites: new Map(),
    behind: new Set(),
    conflicts: new Set(),
    history: [...branches.values()],
    messages: new Map(),
    dates: new Map(),
  };
}

/** The sha a branch, tag or (abbreviated) sha names in a repository, or null. */
export function resolveRef(repo: FakeRepo, ref: string): string | null {
  if (repo.branches.has(ref)) return repo.branches.get(ref)!;
  if (repo.tags.has(ref)) return repo.tags.get(ref)!;
  if (/^[0-9a-f]{7,40}$/.test(ref)) return repo.history.find((s) => s.startsWith(ref)) ?? null;
  return null;
}

/** A deployment as GitHub's API shows it (without the fake's bookkeeping). */
export function stripDeployment(d: FakeDeployment): Json {
  const { repository: _r, request: _q, ...rest } = d;
  return rest;
}
