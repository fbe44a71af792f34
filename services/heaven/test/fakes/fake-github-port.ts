import type { GitHubPort, RefKind, Repo, StatusInput } from '../../src/ports.js';

const unused = (name: string) => async (): Promise<never> => {
  throw new Error(`fake GitHub port: ${name} not expected in this test`);
};

export type FakeGitHubState = {
  defaultBranch: string;
  /** branch → head sha */
  branches: Record<string, string>;
  tags: string[];
  green: Set<string>;
  /** environment → deployments, newest first */
  deployments: Record<string, Array<{ id: number; sha: string; task: string }>>;
  /** `${base}...${head}` → compare status (default: ahead) */
  compare: Record<string, 'ahead' | 'behind' | 'identical' | 'diverged'>;
};

/**
 * A GitHub port that records posted statuses (and answers latestStatus from them), created
 * deployments and ref lookups, from a small model of one repository.
 */
export function createFakeGitHubPort(state: Partial<FakeGitHubState> = {}) {
  const s: FakeGitHubState = {
    defaultBranch: 'main',
    branches: { main: 'a'.repeat(40) },
    tags: [],
    green: new Set(),
    deployments: {},
    compare: {},
    ...state,
  };
  const posted: Array<{ repo: Repo; id: number; status: StatusInput }> = [];
  const created: Array<{ repo: Repo; ref: string; environment: string; description: string; production: boolean }> = [];
  const refLookups: string[] = [];
  /** Deployment ids whose newest status was asked for. */
  const statusLookups: number[] = [];
  let nextId = 5000;
  const port = {
    async createStatus(repo: Repo, id: number, status: StatusInput) {
      posted.push({ repo, id, status });
    },
    async latestStatus(_repo: Repo, id: number) {
      statusLookups.push(id);
      const last = posted.filter((p) => p.id === id).at(-1);
      return last ? { state: last.status.state, description: last.status.description } : null;
    },
    async listDeployments(_repo: Repo, environment: string, perPage: number) {
      return (s.deployments[environment] ?? []).slice(0, perPage);
    },
    async createDeployment(repo: Repo, input: Parameters<GitHubPort['createDeployment']>[1]): Promise<number | null> {
      created.push({ repo, ...input });
      return nextId++;
    },
    async deleteEnvironment(): Promise<'deleted'> {
      return 'deleted';
    },
    async defaultBranch() {
      return s.defaultBranch;
    },
    async defaultBranchHead() {
      return { branch: s.defaultBranch, sha: s.branches[s.defaultBranch]! };
    },
    async refKind(_repo: Repo, ref: string): Promise<RefKind> {
      refLookups.push(ref);
      if (ref in s.branches) return 'branch';
      return s.tags.includes(ref) ? 'tag' : 'commit';
    },
    async isGreen(_repo: Repo, sha: string) {
      return s.green.has(sha);
    },
    async commitsBetween(_repo: Repo, base: string, head: string) {
      return { status: s.compare[`${base}...${head}`] ?? ('ahead' as const), total: 0, commitTimes: [] };
    },
    async compare(_repo: Repo, base: string, head: string) {
      return s.compare[`${base}...${head}`] ?? 'ahead';
    },
    dispatchWorkflow: unused('dispatchWorkflow'),
    findWorkflowRun: unused('findWorkflowRun'),
    getWorkflowRun: unused('getWorkflowRun'),
    cancelWorkflowRun: unused('cancelWorkflowRun'),
  } satisfies GitHubPort;
  return { port, posted, created, refLookups, statusLookups, state: s };
}
