import type { HomeUpdateJob, MessageRef } from '@chatops/shared/contracts';
import type { MessageState } from './deployments/message-state.js';
import type { MonitorState } from './health/monitor-transition.js';

/** A message as the notifier sends it: a plain-text fallback and Block Kit blocks. */
export interface SlackMessageBody {
  text: string;
  blocks?: unknown[];
  /** Reply in this message's thread. */
  thread_ts?: string;
}

/** Whom a health answer goes to: the person's response_url, and the channel and person to fall back on. */
export interface ReplyTarget {
  responseUrl: string;
  /** When the person asked (a response_url takes 5 posts within 30 minutes of it). */
  receivedAt: string;
  channel: string;
  user: string;
}

/**
 * Slack, as the notifier needs it. Implementations throw ExternalApiError (retryable for 429, 5xx
 * and network errors, with retryAfterMs for 429 and for a method held after one) or
 * SlackMessageGoneError on an update of a message that no longer exists.
 */
export interface SlackPort {
  /** The posted message's channel and ts. */
  postMessage(channel: string, body: SlackMessageBody): Promise<MessageRef>;
  /** Updates the message at `ref.channel` + `ref.ts` (its other fields are ignored). */
  updateMessage(ref: MessageRef, body: SlackMessageBody): Promise<void>;
  /** Answers a person (ephemeral): through the response_url while Slack takes it, else chat.postEphemeral. */
  respond(target: ReplyTarget, body: SlackMessageBody): Promise<void>;
}

/** The outcome of one health probe. */
export interface ProbeResult {
  healthy: boolean;
  /** The final HTTP status, when there was an answer. */
  status?: number;
  latencyMs: number;
  /** Why it failed without an HTTP answer: timeout, refused, too many redirects… */
  error?: string;
}

/** Probes one URL (from the config only). Never throws. */
export interface HealthProbe {
  probe(url: string): Promise<ProbeResult>;
}

export interface Clock {
  now(): number;
}

/**
 * One deployment held by one job: its lock, and what Redis knew when it was taken. Writes are
 * queued and sent by `flush`, or by `release` together with the release of the lock. The only way
 * to a deployment's `MessageState` (read and written under the deployment's lock).
 */
export interface DeploymentSession {
  readonly state: MessageState | null;
  /** The reference of the deployment's message (`message:deployment-<id>`, the key the bot reads too). */
  readonly ref: MessageRef | null;
  /** The sha last deployed with success to the deployment's repository + environment (the compare base). */
  readonly lastSuccessSha: string | null;
  saveState(state: MessageState): void;
  saveRef(ref: MessageRef): void;
  setLastSuccessSha(repository: string, environment: string, sha: string): void;
  /** Sends the queued writes now (after a Slack post: what was posted is on record before anything else can fail). */
  flush(): Promise<void>;
  /** Sends the queued writes and releases the lock. */
  release(): Promise<void>;
}

/** The repository and GitHub environment of a deployment: whose compare base a session reads. */
export type DeploymentLine = { repository: string; environment: string };

export interface DeploymentSessions {
  /**
   * Takes the deployment's lock and reads its state, its message's reference and, given its `line`,
   * the compare base (else `lastSuccessSha` is null); null if another holder has the lock.
   */
  open(deploymentId: number, line?: DeploymentLine): Promise<DeploymentSession | null>;
}

/** A short lock per key, so two runs of one monitor never overlap (a deployment's lock is its session's). */
export interface KeyLock {
  /** Runs `fn` holding the lock, or returns `{ acquired: false }` at once if another holder has it. */
  run<T>(key: string, fn: () => Promise<T>): Promise<{ acquired: true; value: T } | { acquired: false }>;
}

/** Each monitored environment's state (up or down, failures in a row). */
export interface MonitorStateStore {
  get(app: string, environment: string): Promise<MonitorState | null>;
  save(app: string, environment: string, state: MonitorState): Promise<void>;
}

/** Counts the post-deploy probes of a deployment. */
export interface ProbeTries {
  /** The number of this try (1 for the first). */
  next(deploymentId: number): Promise<number>;
}

/** Asks for the post-deploy health probe of a deployment (idempotent per deployment). */
export interface PostDeployRequests {
  request(job: { app: string; environment: string; deployment_id: number }): Promise<void>;
}

/** Tells the bot's Home tabs that a deployment changed state (idempotent per status). */
export interface HomeUpdates {
  tell(update: HomeUpdateJob): Promise<void>;
}
