import {
  ExternalApiError,
  type AppsConfig,
  type ChatCommandJob,
  type DeploymentButtonStore,
  type DeploymentRecordStore,
  type DoraOptions,
  type FreezeStore,
  type LockStore,
  type MessageStore,
  type ReviewEnvironmentStore,
} from '@chatops/shared/contracts';
import type { Logger, PayloadNonces } from '@chatops/shared/runtime';
import type {
  ApprovalStore,
  Clock,
  ConfirmationStore,
  GitHubPort,
  GroupCache,
  HomeStore,
  MarkStore,
  ProducerPort,
  ResponderPort,
  SlackPort,
  SlackReply,
} from '../ports.js';

/** What the command handlers work with: the config and every port. */
export type CommandDeps = {
  config: AppsConfig;
  github: GitHubPort;
  slack: SlackPort;
  responder: ResponderPort;
  marks: MarkStore;
  confirmations: ConfirmationStore;
  /** Deployments waiting for their approvals. */
  approvals: ApprovalStore;
  groups: GroupCache;
  locks: LockStore;
  /** Freezes set from chat (configured ones are in `config`). */
  freezes: FreezeStore;
  messages: MessageStore;
  /** What the buttons on deployment messages mean (the notifier saves them), and who pressed them. */
  buttons: DeploymentButtonStore;
  /** The live review environments (heaven records them), for `reviews`. */
  reviews?: ReviewEnvironmentStore;
  /** chatops' deployment records (heaven writes them), for `stats`. */
  records?: Pick<DeploymentRecordStore, 'list'>;
  /** DORA_FAILURE_WINDOW_HOURS, DORA_FIX_REF_PATTERN. */
  dora?: Pick<DoraOptions, 'failureWindowMs' | 'fixRef'>;
  /** The nonces of signed payloads: the bot claims each for the deployment it created. */
  nonces: PayloadNonces;
  producer: ProducerPort;
  clock: Clock;
  /** The slash command's name (SLACK_COMMAND), for the commands it suggests. */
  command: string;
  /** CHATOPS_PAYLOAD_SECRET: signs what the bot writes into a deployment, verifies what it reads. */
  payloadSecret: string;
  /** Whether the GitHub credentials are a GitHub App's (only its installation answers a deployment protection rule). */
  githubApp: boolean;
  /** The Home tab's store: a lock or freeze changed from chat refreshes the Homes showing its app (none: not). */
  home?: HomeStore;
};

/** One command job being handled: its data, how to answer the person, and whether this is the last try. */
export type CommandContext = {
  job: ChatCommandJob;
  deps: CommandDeps;
  log: Logger;
  reply: (reply: SlackReply) => Promise<void>;
  lastAttempt: boolean;
};

/**
 * Whether this failure ends the job: a passing one (GitHub or Slack did not answer) on its last
 * try. A rate limit's wait is not: the job runs again after it without using a try.
 */
export function givesUp(ctx: CommandContext, e: unknown): e is ExternalApiError {
  return e instanceof ExternalApiError && e.retryable && !e.context?.retryAfterMs && ctx.lastAttempt;
}
