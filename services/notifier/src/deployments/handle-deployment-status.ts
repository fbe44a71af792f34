import {
  RunAgainLater,
  findAppByRepository,
  type AppsConfig,
  type HealthCheckJob,
  type Logger,
  type MessageStore,
  type NotificationJob,
} from '@chatops/shared';
import type { SlackMessageRef, SlackPort } from '../ports.js';
import type { GithubLinks } from '../render/github-links.js';
import { renderDeploymentMessage } from '../render/render-deployment-message.js';
import { renderDeploymentResult } from '../render/render-deployment-result.js';
import type { DeploymentRecord, DeploymentStore } from '../stores/deployment-store.js';
import type { KeyLock } from '../stores/key-lock.js';
import { applyStatus } from './apply-status.js';
import { createDeploymentView } from './create-deployment-view.js';
import { isFinal } from './deployment-view.js';
import { productionChannel } from './route-message.js';
import { messageKey, showDeploymentMessage } from './show-deployment-message.js';

export type DeploymentStatusDeps = {
  config: AppsConfig;
  slack: SlackPort;
  messages: MessageStore;
  deployments: DeploymentStore;
  lock: KeyLock;
  links: GithubLinks;
  /** Asks for the post-deploy health probe (idempotent per deployment). */
  requestPostDeployProbe: (job: HealthCheckJob) => Promise<void>;
  /** How long a job waits when another one holds the deployment. */
  busyRetryMs?: number;
};

/** One `deployment-status` job: the message shows the status; a finished deployment reports its result. */
export async function handleDeploymentStatus(job: NotificationJob, deps: DeploymentStatusDeps, log: Logger): Promise<void> {
  const id = job.deployment.id;
  const run = await deps.lock.run(messageKey(id), () => applyAndShow(job, deps, log));
  if (!run.acquired) throw new RunAgainLater(deps.busyRetryMs ?? 250, `deployment ${id} is being shown by another job`);
}

async function applyAndShow(job: NotificationJob, deps: DeploymentStatusDeps, log: Logger): Promise<void> {
  const id = job.deployment.id;
  const record: DeploymentRecord = (await deps.deployments.get(id)) ?? {
    view: createDeploymentView(job, deps.config, await deps.deployments.lastSuccessSha(job.repository, job.deployment.environment)),
    resultReplied: false,
    productionNotified: false,
  };
  const { view, changed } = applyStatus(record.view, job.status);
  let ref: SlackMessageRef | null = await deps.messages.get(messageKey(id));
  if (changed || !ref) {
    ref = await showDeploymentMessage(job, renderDeploymentMessage(view, deps.links), view.state, { ...deps, log });
    record.view = view;
    await deps.deployments.save(record);
  }
  if (ref && isFinal(view.state)) await reportResult(job, record, ref, deps);
}

/** Thread reply, production channel, health probe and compare base: each once, safe to repeat. */
async function reportResult(job: NotificationJob, record: DeploymentRecord, ref: SlackMessageRef, deps: DeploymentStatusDeps): Promise<void> {
  const { view } = record;
  const result = renderDeploymentResult(view, deps.links);
  if (!record.resultReplied) {
    await deps.slack.postMessage(ref.channel, { ...result, thread_ts: ref.ts });
    record.resultReplied = true;
    await deps.deployments.save(record);
  }
  const prodChannel = productionChannel(job, deps.config, ref.channel);
  if (prodChannel && !record.productionNotified) {
    await deps.slack.postMessage(prodChannel, result);
    record.productionNotified = true;
    await deps.deployments.save(record);
  }
  if (view.state !== 'success') return;
  if (!view.noop) await deps.deployments.setLastSuccessSha(view.repository, view.environment, view.sha);
  const found = findAppByRepository(deps.config, job.repository, job.deployment.environment);
  if (found?.environment?.environment.health_check && !view.health) {
    await deps.requestPostDeployProbe({ app: found.app.name, environment: found.environment.name, deployment_id: view.deploymentId });
  }
}
