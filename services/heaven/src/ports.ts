import type { AppConfig, ChatopsPayload, GithubDeployment } from '@chatops/shared/contracts';

export type StatusState = 'queued' | 'in_progress' | 'success' | 'failure' | 'error' | 'inactive';

export type StatusInput = {
  state: StatusState;
  description: string;
  log_url?: string;
  environment_url?: string;
};

export type Repo = { owner: string; repo: string };

/** The GitHub calls heaven makes. */
export type GitHubPort = {
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
  defaultBranchHead(repo: Repo): Promise<{ branch: string; sha: string }>;
  /** Combined commit status and check suites of a commit: true only when everything reported is green. */
  isGreen(repo: Repo, sha: string): Promise<boolean>;
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
};

/** Everything a provider needs to start the CI of one deployment. */
export type TriggerContext = {
  deployment: GithubDeployment;
  repository: string;
  appName: string;
  app: AppConfig;
  chatops: ChatopsPayload | null;
};

/** What heaven remembers of a started CI run (stored as JSON in Redis). */
export type RunRef = {
  provider: 'circleci' | 'github-actions' | 'shell';
  id: string;
  number?: number;
  logUrl: string;
  extra?: Record<string, string | number>;
};

export type Observation =
  | { phase: 'pending'; description?: string }
  | { phase: 'running' | 'on_hold'; description: string }
  | { phase: 'done'; outcome: 'success' | 'failure' | 'error'; description: string };

/** One CI system: start a run, look at it, stop it. */
export type CiProvider = {
  readonly label: string;
  trigger(ctx: TriggerContext): Promise<RunRef>;
  /** `run` is set when the provider learnt more about the run (e.g. found the Actions run). */
  observe(run: RunRef, ctx: TriggerContext): Promise<Observation & { run?: RunRef }>;
  cancel(run: RunRef, ctx: TriggerContext): Promise<void>;
};

export type Providers = Partial<Record<AppConfig['provider'], CiProvider>>;

export type Clock = { now(): number };

/** What the webhook routes need: validated enqueueing, with the delivery's dedupe noted in the same step. */
export type IntakePort = {
  /**
   * Validates the data with the queue's schema (throws JobDataError) and adds the job. With a
   * delivery id, notes it too (kept at least 3 days): `first` is false for a delivery seen before,
   * whose job is added again (a no-op under its deterministic id). On a failure, the delivery is
   * not left noted. Rejects after a bounded wait when Redis does not answer.
   */
  enqueue(
    queue: string,
    name: string,
    jobId: string,
    data: Record<string, unknown>,
    delivery?: string,
  ): Promise<{ first: boolean }>;
};
