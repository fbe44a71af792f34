import {
  findAppByRepository,
  type AppsConfig,
  type ChatopsPayload,
  type NotificationJob,
} from '@chatops/shared/contracts';
import type { DeploymentView } from './deployment-view.js';

/**
 * The view of a deployment before any status is applied, from the job and the apps config.
 * `chatops` is the deployment's chatops object only when the bot signed it for this deployment
 * (see trustChatops): the requester, the app and the markers are never taken from an unsigned one.
 */
export function createDeploymentView(
  job: NotificationJob,
  chatops: ChatopsPayload | null,
  config: AppsConfig,
  previousSha: string | null,
): DeploymentView {
  const { deployment } = job;
  const found = findAppByRepository(config, job.repository, deployment.environment);
  const login = deployment.creator?.login ?? job.sender;
  return {
    deploymentId: deployment.id,
    repository: job.repository,
    app: chatops?.app ?? found?.app.name ?? job.repository,
    environment: deployment.environment,
    ref: deployment.ref,
    sha: deployment.sha,
    task: deployment.task,
    production: deployment.production_environment || (found?.environment?.environment.production ?? false),
    noop: chatops?.noop ?? false,
    forced: chatops?.forced ?? false,
    rollbackOf: chatops?.rollback_of ?? null,
    ...(chatops?.approvals?.length ? { approvedBy: chatops.approvals.map((a) => a.slack_user_id) } : {}),
    requester: chatops
      ? { slackUserId: chatops.requester.slack_user_id, name: chatops.requester.name }
      : { githubLogin: login },
    state: 'requested',
    description: deployment.description,
    logUrl: null,
    environmentUrl: null,
    previousSha: previousSha && previousSha !== deployment.sha ? previousSha : null,
    timeline: { requested: deployment.created_at },
    superseded: false,
    appliedStatusIds: [],
  };
}
