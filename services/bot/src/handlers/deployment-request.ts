import { signChatopsPayload, type EnvironmentConfig } from '@chatops/shared/contracts';
import type { DeploymentRequest } from '../ports.js';

export type RequestInput = {
  repository: string;
  appName: string;
  githubEnvironment: string;
  environment: EnvironmentConfig;
  ref: string;
  task: string;
  force: boolean;
  /** Why an overrider forced it past a freeze (signed: heaven lets it start during the freeze). */
  forceReason?: string;
  noop: boolean;
  params: Record<string, string>;
  requester: { slack_user_id: string; name: string };
  slack: { channel: string; ts: string };
  rollbackOf: number | null;
  /** The branch a rolled-back-to commit came from. */
  branch?: string;
  confirmedBy?: string;
  /** Who approved it, and when (an environment with `approval`). */
  approvals?: Array<{ slack_user_id: string; name: string; at: string }>;
  /** A teardown (destroy) ignores status checks and never merges. */
  teardown?: boolean;
  /** The trace of the command's job (tracing on): heaven and the notifier continue it. */
  trace?: string;
  description: string;
  /** CHATOPS_PAYLOAD_SECRET, and 128 fresh random bits (hex) for this request. */
  secret: string;
  nonce: string;
};

/**
 * The body of POST /repos/{o}/{r}/deployments for a chat command, its `payload.chatops` signed for
 * this very deployment (repository, environment, ref and task). Pure.
 */
export function buildDeploymentRequest(input: RequestInput): DeploymentRequest {
  const chatops = signChatopsPayload(
    {
      version: 1,
      app: input.appName,
      requester: input.requester,
      slack: input.slack,
      params: input.params,
      noop: input.noop,
      forced: input.force,
      ...(input.force && input.forceReason ? { force_reason: input.forceReason } : {}),
      rollback_of: input.rollbackOf,
      ...(input.confirmedBy ? { confirmed_by: input.confirmedBy } : {}),
      ...(input.approvals?.length ? { approvals: input.approvals } : {}),
      ...(input.branch ? { branch: input.branch } : {}),
      ...(input.trace ? { trace: input.trace } : {}),
      nonce: input.nonce,
    },
    { repository: input.repository, environment: input.githubEnvironment, ref: input.ref, task: input.task },
    input.secret,
  );
  const fixed = input.force || input.teardown === true;
  const request: DeploymentRequest = {
    ref: input.ref,
    environment: input.githubEnvironment,
    task: input.task,
    // A sha (a rollback, a promote) is deployed as it is: nothing is merged into it.
    auto_merge: !fixed && input.rollbackOf === null && !/^[0-9a-f]{40}$/.test(input.ref),
    transient_environment: input.environment.transient,
    production_environment: input.environment.production,
    description: input.description.slice(0, 140),
    payload: { chatops },
  };
  if (fixed) request.required_contexts = [];
  else if (input.environment.required_contexts) request.required_contexts = input.environment.required_contexts;
  return request;
}
