import { jobId, type AppsConfig, type MessageRef, type NotificationJob } from '@chatops/shared/contracts';
import type { Logger } from '@chatops/shared/runtime';
import type { SlackMessageBody, SlackMessageRef, SlackPort } from '../ports.js';
import { SlackMessageGoneError } from '../slack/slack-message-gone-error.js';
import { routeMessage } from './route-message.js';

import type { DeploymentSession } from '../stores/deployment-session.js';

/** `session`: the deployment's lock and state; the message ref it read, and where the new one is saved. */
export type ShowDeps = { config: AppsConfig; slack: SlackPort; session: DeploymentSession; log: Logger };

export const messageKey = (deploymentId: number) => jobId('deployment', deploymentId);

/**
 * Shows the deployment's message: updates the one already known (ours in Redis, or the bot's from
 * payload.chatops.slack), posts it anew if that message is gone, else posts a first one where it is
 * routed. The reference of a posted message is stored at once (an updated one with the job's other
 * writes), so a retried job updates instead of posting again.
 */
export async function showDeploymentMessage(
  job: NotificationJob,
  body: SlackMessageBody,
  state: string,
  deps: ShowDeps,
): Promise<SlackMessageRef | null> {
  const known = deps.session.ref;
  const route = routeMessage(job, deps.config);
  const target = known ?? (route.kind === 'update' ? { channel: route.channel, ts: route.ts } : null);
  const remember = async (ref: SlackMessageRef, posted: boolean) => {
    const stored: MessageRef = { channel: ref.channel, ts: ref.ts, state, updated_at: new Date().toISOString() };
    deps.session.saveRef(stored);
    // A new message is on record before anything else can fail: a retry must never post a second.
    if (posted) await deps.session.flush();
    return ref;
  };
  if (target) {
    try {
      await deps.slack.updateMessage({ channel: target.channel, ts: target.ts }, body);
      return remember({ channel: target.channel, ts: target.ts }, false);
    } catch (e) {
      if (!(e instanceof SlackMessageGoneError)) throw e;
      deps.log.warn({ channel: target.channel, ts: target.ts }, 'the deployment message is gone; posting it anew');
      return remember(await deps.slack.postMessage(target.channel, body), true);
    }
  }
  if (route.kind === 'nowhere') {
    deps.log.warn({ deploymentId: job.deployment.id }, `[notifier] deployment not shown: ${route.reason}`);
    return null;
  }
  return remember(await deps.slack.postMessage(route.channel, body), true);
}
