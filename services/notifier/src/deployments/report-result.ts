import { findAppByRepository, type AppsConfig, type MessageRef, type NotificationJob } from '@chatops/shared/contracts';
import type { DeploymentSession, PostDeployRequests, SlackPort } from '../ports.js';
import type { GithubLinks } from '../render/github-links.js';
import { renderDeploymentResult } from '../render/render-deployment-result.js';
import type { MessageState } from './message-state.js';
import { productionChannel } from './route-message.js';

export type ReportDeps = {
  config: AppsConfig;
  slack: SlackPort;
  links: GithubLinks;
  postDeploy: PostDeployRequests;
};

/**
 * What a finished deployment reports: a reply in its message's thread, the result in a production
 * environment's channel, the compare base and the post-deploy health probe. Each once, safe to
 * repeat (what was sent is on record before the next step can fail).
 */
export async function reportResult(
  job: NotificationJob,
  state: MessageState,
  ref: MessageRef,
  session: DeploymentSession,
  deps: ReportDeps,
): Promise<void> {
  const { view } = state;
  const result = renderDeploymentResult(view, deps.links);
  if (!state.resultReplied) {
    await deps.slack.postMessage(ref.channel, { ...result, thread_ts: ref.ts });
    state.resultReplied = true;
    session.saveState(state);
    await session.flush();
  }
  const prodChannel = productionChannel(job, deps.config, ref.channel);
  if (prodChannel && !state.productionNotified) {
    await deps.slack.postMessage(prodChannel, result);
    state.productionNotified = true;
    session.saveState(state);
    await session.flush();
  }
  if (view.state !== 'success') return;
  if (!view.noop) session.setLastSuccessSha(view.repository, view.environment, view.sha);
  const found = findAppByRepository(deps.config, job.repository, job.deployment.environment);
  if (found?.environment?.environment.health_check && !view.health) {
    await deps.postDeploy.request({
      app: found.app.name,
      environment: found.environment.name,
      deployment_id: view.deploymentId,
    });
  }
}
