import {
  deploymentStateSchema,
  findAppByRepository,
  type AppsConfig,
  type HomeUpdateJob,
  type NotificationJob,
} from '@chatops/shared/contracts';
import type { DeploymentView } from './deployment-view.js';

/**
 * What the bot's Home tabs are told of a deployment after a status (its message's view, which never
 * moves backwards): its config app and environment, ref, sha, state, who asked, its log. Null for a
 * deployment of no configured app and environment (no Home shows it), or a view not in a GitHub state
 * yet. Pure.
 */
export function homeUpdateOf(job: NotificationJob, view: DeploymentView, config: AppsConfig): HomeUpdateJob | null {
  const found = findAppByRepository(config, job.repository, job.deployment.environment);
  const state = deploymentStateSchema.safeParse(view.state);
  if (!found?.environment || !state.success) return null;
  const { slackUserId, name, githubLogin } = view.requester;
  return {
    app: found.app.name,
    repository: job.repository,
    environment: found.environment.name,
    github_environment: view.environment.slice(0, 255),
    deployment_id: view.deploymentId,
    status_id: job.status.id,
    state: state.data,
    ref: view.ref.slice(0, 255),
    sha: view.sha.slice(0, 64),
    task: view.task.slice(0, 100),
    requester: {
      ...(slackUserId ? { slack_user_id: slackUserId.slice(0, 40) } : {}),
      ...(name ? { name: name.slice(0, 200) } : {}),
      ...(githubLogin ? { github_login: githubLogin.slice(0, 100) } : {}),
    },
    log_url: view.logUrl && view.logUrl.length <= 2000 ? view.logUrl : null,
    created_at: view.timeline.requested,
    updated_at: job.status.created_at,
  };
}
