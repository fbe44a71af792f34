import type {
  ChatCommand,
  ChatCommandJob,
  chatCommandJobSchema,
  ControlJob,
  DialogJob,
  HealthCheckJob,
  HomeTabJob,
  HomeUpdateJob,
  LockTimerJob,
  ProtectionRuleJob,
  SlackEventJob,
} from '@chatops/shared/contracts';
import type { MessageMetadata, ReplyTarget, SlackReply, SlackView } from '@chatops/shared/runtime';
import type { z } from 'zod';

export type { SlackReply };

/** What the bot asks of GitHub when it creates a deployment (the body of POST /repos/{o}/{r}/deployments). */
export type DeploymentRequest = {
  ref: string;
  environment: string;
  task: string;
  auto_merge: boolean;
  required_contexts?: string[];
  transient_environment: boolean;
  production_environment: boolean;
  description: string;
  payload: Record<string, unknown>;
};

export type FailingContext = { context: string; state: string };

/** Every answer GitHub gives to POST /repos/{o}/{r}/deployments, except the transient ones (thrown, retryable). */
export type CreateOutcome =
  | { kind: 'created'; id: number; sha: string }
  | { kind: 'merged'; message: string }
  | { kind: 'checks'; contexts: FailingContext[]; message: string }
  | { kind: 'conflict'; message: string }
  | { kind: 'unknown-repo'; message: string }
  | { kind: 'unknown-ref'; message: string }
  /** 401: GitHub refused the bot's credentials (after one try with a fresh GitHub App token). */
  | { kind: 'unauthorized'; message: string }
  /** 403: the credentials lack the permission (or the repository forbids it). */
  | { kind: 'forbidden'; message: string }
  | { kind: 'invalid'; message: string };

export type DeploymentSummary = {
  id: number;
  sha: string;
  ref: string;
  task: string;
  environment: string;
  created_at: string;
  creator: string | null;
  payload: unknown;
};

type StatusSummary = { state: string; created_at: string };

/** What GitHub's compare says of base...head: its page, and the commits of head not in base, oldest first. */
export type Comparison = {
  htmlUrl: string;
  total: number;
  commits: Array<{ sha: string; message: string; author: string }>;
};

export interface GitHubPort {
  defaultBranch(repository: string): Promise<string>;
  /** The sha a branch, tag or sha names. */
  commitSha(repository: string, ref: string): Promise<string>;
  /** GET /repos/{o}/{r}/compare/{base}...{head} (its first page). */
  compare(repository: string, base: string, head: string): Promise<Comparison>;
  createDeployment(repository: string, request: DeploymentRequest): Promise<CreateOutcome>;
  /** Newest first. */
  listDeployments(repository: string, filter: { environment?: string; perPage: number }): Promise<DeploymentSummary[]>;
  /** Newest first. */
  listStatuses(repository: string, deploymentId: number): Promise<StatusSummary[]>;
  /**
   * POST /repos/{o}/{r}/actions/runs/{run_id}/deployment_protection_rule: the app's answer for a run
   * waiting at an environment (a `state`), or a progress comment (none). Needs a GitHub App's
   * installation token.
   */
  reviewProtectionRule(repository: string, runId: number, review: ProtectionReview): Promise<void>;
}

/** A custom deployment protection rule's review: approved or rejected with a comment, or a comment alone. */
export type ProtectionReview = { environment_name: string; state?: 'approved' | 'rejected'; comment: string };

export type { MessageMetadata };

export interface SlackPort {
  postMessage(message: {
    channel: string;
    text: string;
    blocks?: unknown[];
    metadata?: MessageMetadata;
    /** A reply in this message's thread (an @-mention's answers). */
    thread_ts?: string;
  }): Promise<{ channel: string; ts: string }>;
  /**
   * The newest top-level message of the channel posted after `oldestTs` that carries this metadata (event type and
   * payload fields), or null.
   */
  findMessage(
    channel: string,
    metadata: MessageMetadata,
    oldestTs: string,
  ): Promise<{ channel: string; ts: string } | null>;
  updateMessage(message: { channel: string; ts: string; text: string; blocks?: unknown[] }): Promise<void>;
  /** A display name for the payload (never shown instead of a mention). */
  userName(userId: string): Promise<string | null>;
  groupMembers(groupId: string): Promise<string[]>;
}

/** Answers the person who asked: through the command's response_url while Slack takes it, else ephemerally. */
export interface ResponderPort {
  respond(target: ReplyTarget, reply: SlackReply): Promise<void>;
}

type ChatCommandJobInput = z.input<typeof chatCommandJobSchema>;

export interface ProducerPort {
  command(name: string, data: ChatCommandJobInput, jobId: string, delayMs?: number): Promise<void>;
  control(data: ControlJob, jobId: string): Promise<void>;
  health(data: HealthCheckJob, jobId: string): Promise<void>;
  /** A lock's reminder, nag or end, `delayMs` from now (a job already there under `jobId` stays as it is). */
  lockTimer(data: LockTimerJob, jobId: string, delayMs: number): Promise<void>;
  /** A waiting run's own later look (`recheck`: a freeze ended; `expire`: its approval request's time is up). */
  protectionRule(name: 'recheck' | 'expire', data: ProtectionRuleJob, jobId: string, delayMs: number): Promise<void>;
  /** An Events API event to handle (named by its type; a job already there under `jobId` stays: a retry adds none). */
  slackEvent(data: SlackEventJob, jobId: string): Promise<void>;
  /** A Home tab's publish (`delayMs` from now) or a Home button's command (a job already there under `jobId` stays). */
  homeTab(data: HomeTabJob, jobId: string, delayMs?: number): Promise<void>;
}

/** What Home shows that only the notifier sees (deployments' states), and who opened Home lately. */
export interface HomeStore {
  /** Keeps what a status said of a deployment (only a later status of it); false when it was not later. */
  record(update: HomeUpdateJob): Promise<boolean>;
  /** The last deployments of an app's environment, newest first. */
  deployments(app: string, environment: string): Promise<HomeUpdateJob[]>;
  /** A person opened Home, which shows these apps. */
  opened(userId: string, apps: string[], nowMs: number): Promise<void>;
  /** Who opened Home showing this app lately (the most recent, bounded). */
  viewers(app: string, nowMs: number): Promise<string[]>;
  /** Holds a person's Home while one job reads and publishes it: a token, or null when another holds it. */
  holdPublish(userId: string, ms: number): Promise<string | null>;
  /** Frees it, when `token` still holds it. */
  releasePublish(userId: string, token: string): Promise<void>;
  /**
   * Notes that a publish of this person's Home is queued (for at most `ms`): true when none was, so
   * one is queued per person however many changes come while it waits.
   */
  schedulePublish(userId: string, ms: number): Promise<boolean>;
  /** A publish of this person's Home starts reading: a change from now on queues another. */
  publishStarted(userId: string): Promise<void>;
}

/** What a deployment carries beyond the command: set by rollback, destroy and a confirmation. */
export type DeployExtras = {
  task?: string;
  githubEnvironment?: string;
  teardown?: boolean;
  /** The branch a rolled-back-to commit came from (signed into the payload, so a CI can build it). */
  branch?: string;
  confirmedBy?: string;
  /** Who approved it (an environment with `approval`), oldest first: signed into the payload. */
  approvals?: Approval[];
  /**
   * The commit to deploy, when it must be exactly the one approvers saw: deployed as its sha (never
   * merged into, never a newer head), its branch (the ref, unless it names the sha) signed as `branch`.
   */
  sha?: string;
};

/** One approver's approval of a deployment. */
export type Approval = { slack_user_id: string; name: string; at: string };

/** A deploy command (also what a rollback, a destroy and a confirmation come to). */
export type DeployCommand = Extract<ChatCommand, { action: 'deploy' }>;

/** A pending confirmation: the deployment to create when its requester presses Confirm. */
export type PendingConfirmation = {
  job: ChatCommandJob;
  expires_at: string;
  /** The deploy command (a rollback already resolved to its sha) and its extras. */
  deploy: DeployCommand;
  extras: Omit<DeployExtras, 'confirmedBy'>;
};

/** A deployment waiting for its approvals (`approval:` of its environment). */
export type PendingApproval = {
  /** The command's job (a confirmed one's: the original). */
  job: ChatCommandJob;
  deploy: DeployCommand;
  extras: Omit<DeployExtras, 'approvals' | 'sha'>;
  /** The commit the request shows (a chat deploy's): the one deployed once approved, wherever the ref is by then. */
  sha?: string;
  required: number;
  approvers: string[];
  expires_at: string;
  /** What the request says of the deployment (escaped mrkdwn), shown again as approvals arrive. */
  context: string;
  /** How the request names the deployment (plain text, for the Approve dialog): `deploy api/main to production`. */
  what: string;
  /**
   * The request's subject when it is a GitHub Actions run waiting at the environment (a custom
   * deployment protection rule) rather than a chat deploy: the approvers' decision is GitHub's answer
   * to the run. `job` and `deploy` then describe the run (its sha), and nothing is created.
   */
  run?: ProtectionRuleJob;
};

/** How an approval request ended: approved or rejected (by the job that ended it), or expired. */
export type ApprovalEnd = { kind: 'approved' | 'rejected'; by: string } | { kind: 'expired' };

/** Approval requests and their approvals, changed so that two presses never both end one. */
export interface ApprovalStore {
  save(id: string, pending: PendingApproval, ttlSeconds: number): Promise<void>;
  get(id: string): Promise<PendingApproval | null>;
  /**
   * Adds this approver's approval (`by`: the press's job), once per approver. Returns every approval
   * so far, oldest first, and the one this approver has (theirs from an earlier press when not new).
   */
  approve(
    id: string,
    approval: Approval,
    by: string,
    ttlSeconds: number,
  ): Promise<{ approvals: Approval[]; by: string }>;
  approvals(id: string): Promise<Approval[]>;
  /** Ends the request, once: returns how it ended (this end when it was the first, else the earlier one). */
  end(id: string, end: ApprovalEnd, ttlSeconds: number): Promise<ApprovalEnd>;
  ended(id: string): Promise<ApprovalEnd | null>;
}

/** Commands per person and minute (the HTTP side's rate limit). */
export interface RateCounter {
  /** Counts a command of this person this minute; false once over `limit`. */
  hit(userId: string, limit: number, nowMs: number): Promise<boolean>;
}

/** The members of Slack user groups, kept a while (Slack is never asked on the HTTP side). */
export interface GroupCache {
  /** The members, or null when not cached (or no longer). */
  get(groupId: string): Promise<string[] | null>;
  set(groupId: string, members: string[]): Promise<void>;
}

/** Deployments waiting for their requester's Confirm. */
export interface ConfirmationStore {
  save(id: string, pending: PendingConfirmation, ttlSeconds: number): Promise<void>;
  get(id: string): Promise<PendingConfirmation | null>;
  /** Removes it and returns it, once: two presses never both get it. */
  take(id: string): Promise<PendingConfirmation | null>;
}

/** What a command job did so far (posting, creating, created, pressed), so that a retry does it once. */
export interface MarkStore {
  remember(key: string, value: string, ttlSeconds: number): Promise<void>;
  recall(key: string): Promise<string | null>;
}

export interface Clock {
  now(): number;
}

/** Slack's views of the bot's dialogs (modals). */
export interface ViewsPort {
  /** views.open with a trigger_id (valid 3 s, once): the new view's id and hash. */
  open(triggerId: string, view: SlackView): Promise<{ id: string; hash: string }>;
  /** views.update where the view still has `hash`; null when it changed since (a newer update) or closed. */
  update(viewId: string, hash: string, view: SlackView): Promise<{ hash: string } | null>;
}

/** A repository's branches and tags, from GitHub (every page). */
export interface RefSource {
  refs(repository: string): Promise<{ branches: string[]; tags: string[] }>;
}

/** The branches and tags of repositories as last read (what the ref field suggests and a submit checks). */
export interface RefCache {
  get(repository: string): Promise<RefList | null>;
  set(repository: string, refs: RefList): Promise<void>;
}

/** A repository's branches and tags as last read from GitHub, with its default branch then. */
export type RefList = { branches: string[]; tags: string[]; defaultBranch: string; fetchedAt: number };

/** The `dialogs` queue: open and update dialogs, refresh a repository's refs. */
export interface DialogQueue {
  add(job: DialogJob, jobId: string): Promise<void>;
}

/** A person's Home tab (views.publish: the whole view, replaced). */
export interface HomeViewsPort {
  publish(userId: string, view: { type: 'home'; blocks: unknown[] }): Promise<void>;
}
