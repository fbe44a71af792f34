import { ciParameterProblems, deploymentParameters, type CiParameter } from '@chatops/shared/contracts';
import type { TriggerContext } from '../ports.js';

const parametersOf = (ctx: TriggerContext) => deploymentParameters(ctx.deployment, ctx.chatops);

/** CircleCI pipeline parameters: the app's configured ones, then the deployment's (which win). */
export function circleciParameters(ctx: TriggerContext): Record<string, CiParameter> {
  return { ...(ctx.app.circleci?.parameters ?? {}), ...parametersOf(ctx) };
}

/** Why CircleCI would refuse these parameters (one sentence), or null when it would take them. */
export function circleciParameterRefusal(parameters: Record<string, CiParameter>): string | null {
  const problems = ciParameterProblems(parameters);
  return problems.length > 0 ? `CircleCI would refuse the pipeline: ${problems.join('; ')}` : null;
}

/** workflow_dispatch inputs (GitHub allows at most 25, all strings here). */
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
  const p = parametersOf(ctx);
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

/** DEPLOY_* variables for the shell provider; DEPLOY_REQUESTER is the signed requester, else GitHub's creator. */
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
