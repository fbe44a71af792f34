import type { ChatopsPayload, EnvironmentConfig } from '@chatops/shared/contracts';
import type { DeploymentRequest } from '../ports.js';

export type RequestInput = {
  appName: string;
  environmentName: string;
  githubEnvironment: string;
  environment: EnvironmentConfig;
  ref: string;
  task: string;
  force: boolean;
  noop: boolean;
  params: Record<string, string>;
  requester: { slack_user_id: string; name: string };
  slack: { channel: string; ts: string };
  rollbackOf: number | null;
  confirmedBy?: string;
  description: string;
};

/** The body of POST /repos/{o}/{r}/deployments for a chat command. Pure. */
export function buildDeploymentRequest(input: RequestInput): DeploymentRequest {
  const chatops: ChatopsPayload = {
    version: 1,
    app: input.appName,
    requester: input.requester,
    slack: input.slack,
    params: input.params,
    noop: input.noop,
    forced: input.force,
    rollback_of: input.rollbackOf,
    ...(input.confirmedBy ? { confirmed_by: input.confirmedBy } : {}),
  };
  const request: DeploymentRequest = {
    ref: input.ref,
    environment: input.githubEnvironment,
    task: input.task,
    auto_merge: !input.force && input.rollbackOf === null,
    transient_environment: input.environment.transient,
    production_environment: input.environment.production,
    description: input.description.slice(0, 140),
    payload: { chatops },
  };
  if (input.force) request.required_contexts = [];
  else if (input.environment.required_contexts) request.required_contexts = input.environment.required_contexts;
  return request;
}

export function taskName(task: string | undefined): string {
  return task ? `deploy:${task}` : 'deploy';
}
