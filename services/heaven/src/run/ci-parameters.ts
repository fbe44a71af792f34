import type { TriggerContext } from '../ports.js';

type Param = string | number | boolean;

/**
 * The deployment as CI parameters. CircleCI gets these pipeline parameters, GitHub Actions the same
 * as workflow_dispatch inputs (strings), the shell provider DEPLOY_* variables.
 */
export function deploymentParameters(ctx: TriggerContext): Record<string, Param> {
  const d = ctx.deployment;
  return {
    chatops_deployment_id: d.id,
    chatops_environment: d.environment,
    chatops_ref: d.ref,
    chatops_sha: d.sha,
    chatops_task: d.task,
    chatops_noop: ctx.chatops?.noop ?? false,
    chatops_params: JSON.stringify(ctx.chatops?.params ?? {}),
  };
}

/** CircleCI pipeline parameters: the app's configured ones, then the deployment's. */
export function circleciParameters(ctx: TriggerContext): Record<string, Param> {
  return { ...(ctx.app.circleci?.parameters ?? {}), ...deploymentParameters(ctx) };
}

/** workflow_dispatch inputs (GitHub allows at most 10, all strings here). */
export type ActionsInputs = {
  deployment_id: string;
  environment: string;
  ref: string;
  sha: string;
  task: string;
  noop: string;
  params: string;
};

export function actionsInputs(ctx: TriggerContext): ActionsInputs {
  const p = deploymentParameters(ctx);
  return {
    deployment_id: String(p.chatops_deployment_id),
    environment: String(p.chatops_environment),
    ref: String(p.chatops_ref),
    sha: String(p.chatops_sha),
    task: String(p.chatops_task),
    noop: String(p.chatops_noop),
    params: String(p.chatops_params),
  };
}

/** DEPLOY_* variables for the shell provider. */
export function shellEnvironment(ctx: TriggerContext): Record<string, string> {
  const p = actionsInputs(ctx);
  return {
    DEPLOY_ID: p.deployment_id,
    DEPLOY_ENVIRONMENT: p.environment,
    DEPLOY_REF: p.ref,
    DEPLOY_SHA: p.sha,
    DEPLOY_TASK: p.task,
    DEPLOY_NOOP: p.noop,
    DEPLOY_PARAMS: p.params,
    DEPLOY_REPOSITORY: ctx.repository,
    DEPLOY_APP: ctx.appName,
    DEPLOY_REQUESTER: ctx.chatops?.requester.name ?? ctx.deployment.creator?.login ?? '',
  };
}

/** The run title heaven looks for to find a dispatched run ("deploy <id>"): set run-name to it. */
export const runTitle = (deploymentId: number): string => `deploy ${deploymentId}`;
