type StatusState = 'queued' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

export type StatusInput = {
  state: StatusState;
  description: string;
  log_url?: string;
  environment_url?: string;
};

export type Repo = { owner: string; repo: string };

/** What a deployment's ref names in its repository, as GitHub says (never guessed from the string). */
export type RefKind = 'branch' | 'tag' | 'commit';

/** The GitHub calls heaven makes. */
export interface GitHubPort {
  createStatus(repo: Repo, deploymentId: number, status: StatusInput): Promise<void>;
  /** The newest status of a deployment (to find out whether a post interrupted by a crash went through). */
  latestStatus(repo: Repo, deploymentId: number): Promise<{ state: string; description: string } | null>;
  listDeployments(
    repo: Repo,
    environment: string,
    perPage: number,
  ): Promise<Array<{ id: number; sha: string; task: string }>>;
  createDeployment(
    repo: Repo,
    input: {
      ref: string;
      environment: string;
      description: string;
      task: string;
      transient: boolean;
      production: boolean;
    },
  ): Promise<number | null>;
  /**
   * DELETE …/environments/{name}: `deleted` (204, or 404: gone already), `forbidden` (403: the
   * token or App may not administer the repository); any other failure is thrown.
   */
  deleteEnvironment(repo: Repo, environment: string): Promise<'deleted' | 'forbidden'>;
  defaultBranch(repo: Repo): Promise<string>;
  defaultBranchHead(repo: Repo): Promise<{ branch: string; sha: string }>;
  /** A branch of that name (GET …/branches/{ref}), else a tag (GET …/git/ref/tags/{ref}), else a commit. */
  refKind(repo: Repo, ref: string): Promise<RefKind>;
  /** Combined commit status and check suites of a commit: true only when everything reported is green. */
  isGreen(repo: Repo, sha: string): Promise<boolean>;
  /**
   * The commits of head not in base (GET …/compare/{base}...{head}): GitHub's status, count, and the
   * committer date of each it lists (oldest first, at most 250).
   */
  commitsBetween(
    repo: Repo,
    base: string,
    head: string,
  ): Promise<{ status: 'ahead' | 'behind' | 'identical' | 'diverged'; total: number; commitTimes: string[] }>;
  /** 'ahead' when head is newer than base. */
  compare(repo: Repo, base: string, head: string): Promise<'ahead' | 'behind' | 'identical' | 'diverged'>;
  dispatchWorkflow(
    repo: Repo,
    workflow: string | number,
    ref: string,
    inputs: Record<string, string>,
  ): Promise<{ runId: number; htmlUrl: string } | null>;
  findWorkflowRun(
    repo: Repo,
    workflow: string | number,
    title: string,
  ): Promise<{ runId: number; htmlUrl: string } | null>;
  getWorkflowRun(repo: Repo, runId: number): Promise<{ status: string; conclusion: string | null; htmlUrl: string }>;
  cancelWorkflowRun(repo: Repo, runId: number): Promise<void>;
}
