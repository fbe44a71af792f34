import {
  findAppByRepository,
  type AppsConfig,
  type HealthCheckJob,
  type NotificationJob,
} from '@chatops/shared/contracts';
import { RunAgainLater, type Logger } from '@chatops/shared/runtime';
import type { SlackMessageRef, SlackPort } from '../ports.js';
import type { GithubLinks } from '../render/github-links.js';
import { renderDeploymentMessage } from '../render/render-deployment-message.js';
import { renderDeploymentResult } from '../render/render-deployment-result.js';
import type { DeploymentSession, DeploymentSessions } from '../stores/deployment-session.js';
import type { DeploymentRecord } from '../stores/deployment-store.js';
import { applyStatus } from './apply-status.js';
import { createDeploymentView } from './create-deployment-view.js';
import { isFinal } from './deployment-view.js';
import { productionChannel } from './route-message.js';
import { showDeploymentMessage } from './show-deployment-message.js';

export type DeploymentStatusDeps = {
  config: AppsConfig;
  slack: SlackPort;
  /** The deployment's lock and state, read and written in as few Redis round trips as possible. */
  sessions: DeploymentSessions;
  links: GithubLinks;
  /** Asks for the post-deploy health probe (idempotent per deployment). */
  requestPostDeployProbe: (job: HealthCheckJob) => Promise<void>;
  /** How long a job waits when another one holds the deployment. */
  busyRetryMs?: number;
};

/** One `deployment-status` job: the message shows the status; a finished deployment reports its result. */
export async function handleDeploymentStatus(
  job: NotificationJob,
  deps: DeploymentStatusDeps,
  log: Logger,
): Promise<void> {
  const id = job.deployment.id;
  const session = await deps.sessions.open(id, job.repository, job.deployment.environment);
  if (!session) throw new RunAgainLater(deps.busyRetryMs ?? 250, `deployment ${id} is being shown by another job`);
  let done = false;
  try {
    await applyAndShow(job, session, deps, log);
    done = true;
  } finally {
    // The queued writes, then the release. After a failure the job is retried anyway; the lock
    // then expires by itself if the release did not reach Redis.
    if (done) await session.release();
    else await session.release().catch(() => undefined);
  }
}

async function applyAndShow(
  job: NotificationJob,
  session: DeploymentSession,
  deps: DeploymentStatusDeps,
  log: Logger,
): Promise<void> {
  const record: DeploymentRecord = session.record ?? {
    view: createDeploymentView(job, deps.config, session.lastSuccessSha),
    resultReplied: false,
    productionNotified: false,
  };
  const { view, changed } = applyStatus(record.view, job.status);
  let ref: SlackMessageRef | null = session.ref;
  if (changed || !ref) {
    ref = await showDeploymentMessage(job, renderDeploymentMessage(view, deps.links), view.state, {
      ...deps,
      session,
      log,
    });
    record.view = view;
    session.saveRecord(record);
  }
  if (ref && isFinal(view.state)) await reportResult(job, record, ref, session, deps);
}

/** Thread reply, production channel, health probe and compare base: each once, safe to repeat. */
async function reportResult(
  job: NotificationJob,
  record: DeploymentRecord,
  ref: SlackMessageRef,
  session: DeploymentSession,
  deps: DeploymentStatusDeps,
): Promise<void> {
  const { view } = record;
  const result = renderDeploymentResult(view, deps.links);
  if (!record.resultReplied) {
    await deps.slack.postMessage(ref.channel, { ...result, thread_ts: ref.ts });
    record.resultReplied = true;
    session.saveRecord(record);
    await session.flush();
  }
  const prodChannel = productionChannel(job, deps.config, ref.channel);
  if (prodChannel && !record.productionNotified) {
    await deps.slack.postMessage(prodChannel, result);
    record.productionNotified = true;
    session.saveRecord(record);
    await session.flush();
  }
  if (view.state !== 'success') return;
  if (!view.noop) session.setLastSuccessSha(view.repository, view.environment, view.sha);
  const found = findAppByRepository(deps.config, job.repository, job.deployment.environment);
  if (found?.environment?.environment.health_check && !view.health) {
    await deps.requestPostDeployProbe({
      app: found.app.name,
      environment: found.environment.name,
      deployment_id: view.deploymentId,
    });
  }
}
