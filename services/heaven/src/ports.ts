import type { AppConfig, ChatopsPayload, GithubDeployment } from '@chatops/shared/contracts';

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
  defaultBranch(repo: Repo): Promise<string>;
  defaultBranchHead(repo: Repo): Promise<{ branch: string; sha: string }>;
  /** A branch of that name (GET …/branches/{ref}), else a tag (GET …/git/ref/tags/{ref}), else a commit. */
  refKind(repo: Repo, ref: string): Promise<RefKind>;
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
}

/** Everything a provider needs to start the CI of one deployment. */
export type TriggerContext = {
  deployment: GithubDeployment;
  repository: string;
  appName: string;
  app: AppConfig;
  /** The chatops object, only when the bot signed it for this deployment (see trustChatops); else null. */
  chatops: ChatopsPayload | null;
};

/** What a CI builds: a branch or a tag, never a bare sha (the sha to deploy goes in the parameters). */
export type CiRef = { branch: string } | { tag: string };

/** What a provider found out before the trigger (nothing is claimed yet): the CI ref, or why the CI would refuse. */
export type TriggerPlan = { ref: CiRef | null } | { refused: string };

/** What heaven remembers of a started CI run (stored as JSON in Redis). */
export type CiRun = {
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

/** One CI system: prepare a trigger, start a run, look at it, stop it. */
export interface CiProvider {
  readonly label: string;
  /** Asked before the trigger is claimed: a refusal ends the deployment before anything starts. */
  prepare(ctx: TriggerContext): Promise<TriggerPlan>;
  trigger(ctx: TriggerContext, ref: CiRef | null): Promise<CiRun>;
  /** `run` is set when the provider learnt more about the run (e.g. found the Actions run). */
  observe(run: CiRun, ctx: TriggerContext): Promise<Observation & { run?: CiRun }>;
  cancel(run: CiRun, ctx: TriggerContext): Promise<void>;
}

export type Providers = Partial<Record<AppConfig['provider'], CiProvider>>;

export interface Clock {
  now(): number;
}

/** heaven's record of one run (one deployment as heaven handles it). */
export type RunRecord = {
  id: number;
  line: string;
  phase: 'waiting' | 'running' | 'done';
  claimed: boolean;
  run: CiRun | null;
  startedAt: number | null;
  progressAt: number | null;
  polls: number;
  lastStatus: string | null;
  /** A status about to be posted: if it differs from lastStatus, a crash may have cut the post short. */
  pendingStatus: string | null;
  cancel: { slack_user_id: string; name: string } | null;
  ref: string;
};

/** One finished deployment as the dashboard shows it. */
export type HistoryEntry = {
  id: number;
  ref: string;
  outcome: string;
  description: string;
  logUrl: string | null;
  finishedAt: number;
  requester: string | null;
};

/** A deployment's place in its line: it runs (it is the runner), or waits for the one ahead. */
export type Place = { started: true } | { started: false; ahead: number };

/**
 * Runs and lines. A line (repository:environment) is the order of its deployments; one of them, the
 * runner, runs. Lines, their history and the records of finished runs expire after a while without
 * activity.
 */
export interface RunStore {
  read(id: number): Promise<RunRecord | null>;
  /** Creates the record and joins the line, once; a record that already has a phase is left as it is. */
  enter(id: number, line: string, ref: string): Promise<RunRecord>;
  /** Takes the runner's place when this deployment is first in line (or already holds it). */
  tryStart(id: number, line: string): Promise<Place>;
  runner(line: string): Promise<number | null>;
  /** Frees the runner's place held by a deployment that is gone (watchdog). */
  clearRunner(line: string, id: number): Promise<void>;
  /** The trigger claim: true once per deployment, ever. */
  claimTrigger(id: number): Promise<boolean>;
  /** Gives the claim back when the CI said for sure it did not start anything. */
  unclaimTrigger(id: number): Promise<void>;
  /**
   * Records the CI run and which deployment each of its keys belongs to. True when news of the run came
   * before (noted by `deploymentOfRunOrNote`): the caller looks again at once.
   */
  saveRun(id: number, run: CiRun, nowMs: number, keys: string[]): Promise<boolean>;
  progress(id: number, nowMs: number): Promise<void>;
  setLastStatus(id: number, status: string): Promise<void>;
  setPendingStatus(id: number, status: string): Promise<void>;
  requestCancel(id: number, by: { slack_user_id: string; name: string }): Promise<void>;
  /** The deployment a CI run belongs to; the news is noted too, for a run whose record is not saved yet. */
  deploymentOfRunOrNote(key: string): Promise<number | null>;
  /** The line's deployments in order (at most `limit`). */
  members(line: string, limit?: number): Promise<number[]>;
  leaveLine(id: number, line: string): Promise<void>;
  /** Ends the run: done, out of the line, runner's place freed. */
  finish(id: number, line: string): Promise<void>;
  /** The lines with the most recent activity first (at most `limit`). */
  lines(limit: number): Promise<string[]>;
  addHistory(line: string, entry: HistoryEntry): Promise<void>;
  /** The last finished runs of a line, newest first. */
  history(line: string): Promise<HistoryEntry[]>;
}

/** Keys set once (SET NX with a lifetime): auto-deploys, the failed-job sweep. */
export interface OnceKeys {
  once(kind: string, id: string, ttlS: number): Promise<boolean>;
  forget(kind: string, id: string): Promise<void>;
}

/** Wakes a deployment's job now (it waits in the delayed set between two looks). */
export interface Waker {
  wake(deploymentId: number): Promise<void>;
  /** Runs once a job that asked to sleep is in the delayed set: a wake that came meanwhile is not lost. */
  afterSleep(deploymentId: number): Promise<void>;
}

/** The newest deployment jobs that failed for good (their data unparsed, and BullMQ's reason). */
export interface FailedJobs {
  newest(count: number): Promise<Array<{ data: unknown; reason: string }>>;
}

/** Failed admin logins per client address. */
export interface LoginLimiter {
  /** Seconds until this address may try again; 0 when it may try now. */
  retryAfterS(address: string): Promise<number>;
  recordFailure(address: string): Promise<void>;
}

/** What the webhook routes need: validated enqueueing, with the webhook's dedupe noted in the same step. */
export interface IntakePort {
  /**
   * Validates the data with the queue's schema (throws JobDataError) and adds the job. With a dedupe
   * key (the SHA-256 of the webhook's body), notes it too (kept 4 days): `first` is false for a body seen
   * before, whose job is added again (a no-op under its deterministic id). On a failure, the key is not
   * left noted. Rejects after a bounded wait when Redis does not answer.
   */
  enqueue(
    queue: string,
    name: string,
    jobId: string,
    data: Record<string, unknown>,
    dedupe?: string,
  ): Promise<{ first: boolean }>;
}
