import type {
  AppsConfig,
  ChatopsPayload,
  DeploymentButtonStore,
  MessageRef,
  NotificationJob,
} from '@chatops/shared/contracts';
import { RunAgainLater, trustChatops, type Logger, type PayloadNonces } from '@chatops/shared/runtime';
import type { DeploymentSession, DeploymentSessions, HomeUpdates, PostDeployRequests, SlackPort } from '../ports.js';
import type { GithubLinks } from '../render/github-links.js';
import { renderDeploymentMessage } from '../render/render-deployment-message.js';
import { applyStatus } from './apply-status.js';
import { createDeploymentView } from './create-deployment-view.js';
import { homeUpdateOf } from './home-update-of.js';
import { isFinal } from './deployment-view.js';
import { keepButtons } from './keep-buttons.js';
import type { MessageState } from './message-state.js';
import { offeredButtons } from './offered-buttons.js';
import { reportResult } from './report-result.js';
import { routeMessage } from './route-message.js';
import { showDeploymentMessage } from './show-deployment-message.js';

export type DeploymentStatusDeps = {
  config: AppsConfig;
  slack: SlackPort;
  /** The deployment's lock and state, read and written in as few Redis round trips as possible. */
  sessions: DeploymentSessions;
  links: GithubLinks;
  postDeploy: PostDeployRequests;
  /** CHATOPS_PAYLOAD_SECRET: what the bot signs `payload.chatops` with. */
  payloadSecret: string;
  /** A signed payload counts for the first deployment that carries it only. */
  nonces: PayloadNonces;
  /** What the buttons of deployment messages mean, by their opaque ids (the bot reads them on a press). */
  buttons: DeploymentButtonStore;
  /** How long a job waits when another one holds the deployment. */
  busyRetryMs?: number;
  /** The bot's Home tabs, told of each status (none: not told). */
  home?: HomeUpdates;
};

/** One `deployment-status` job: the message shows the status; a finished deployment reports its result. */
export async function handleDeploymentStatus(
  job: NotificationJob,
  deps: DeploymentStatusDeps,
  log: Logger,
): Promise<void> {
  const id = job.deployment.id;
  const session = await deps.sessions.open(id, { repository: job.repository, environment: job.deployment.environment });
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
  // The payload is verified (and its nonce claimed) only when it matters: for a deployment's first
  // view and its first message. Later statuses follow the message already on record.
  let verified: Promise<ChatopsPayload | null> | undefined;
  const chatops = () => {
    verified ??= trustChatops(job.deployment, job.repository, {
      secret: deps.payloadSecret,
      nonces: deps.nonces,
      log,
    });
    return verified;
  };
  const state: MessageState = session.state ?? {
    view: createDeploymentView(job, await chatops(), deps.config, session.lastSuccessSha),
    resultReplied: false,
    productionNotified: false,
    buttons: {},
  };
  const { view, changed } = applyStatus(state.view, job.status);
  let ref: MessageRef | null = session.ref;
  if (changed || !ref) {
    const route = async () => routeMessage(job, await chatops(), deps.config);
    const buttons = await keepButtons(state, view, offeredButtons(view, deps.config), deps.buttons);
    const body = renderDeploymentMessage(view, deps.links, buttons);
    ref = await showDeploymentMessage(job, body, view.state, route, {
      slack: deps.slack,
      session,
      log,
    });
    state.view = view;
    session.saveState(state);
  }
  // Every status, not only one that moved the message: a retry after a failed tell tells again
  // (the bot keeps a deployment's latest status only, and the job id is the status's).
  const home = deps.home && homeUpdateOf(job, view, deps.config);
  if (home) await deps.home!.tell(home);
  if (ref && isFinal(view.state)) await reportResult(job, state, ref, session, deps);
}
