import { jobId, type AppsConfig, type Logger, type MessageRef, type MessageStore, type NotificationJob } from '@chatops/shared';
import type { SlackMessageBody, SlackMessageRef, SlackPort } from '../ports.js';
import { SlackMessageGoneError } from '../slack/slack-message-gone-error.js';
import { routeMessage } from './route-message.js';

export type ShowDeps = { config: AppsConfig; slack: SlackPort; messages: MessageStore; log: Logger };

export const messageKey = (deploymentId: number) => jobId('deployment', deploymentId);

/**
 * Shows the deployment's message: updates the one already known (ours in Redis, or the bot's from
 * payload.chatops.slack), posts it anew if that message is gone, else posts a first one where it is
 * routed. The reference is stored at once, so a retried job updates instead of posting again.
 */
export async function showDeploymentMessage(
  job: NotificationJob,
  body: SlackMessageBody,
  state: string,
  deps: ShowDeps,
): Promise<SlackMessageRef | null> {
  const key = messageKey(job.deployment.id);
  const known = await deps.messages.get(key);
  const route = routeMessage(job, deps.config);
  const target = known ?? (route.kind === 'update' ? { channel: route.channel, ts: route.ts } : null);
  const remember = async (ref: SlackMessageRef) => {
    const stored: MessageRef = { channel: ref.channel, ts: ref.ts, state, updated_at: new Date().toISOString() };
    await deps.messages.set(key, stored);
    return ref;
  };
  if (target) {
    try {
      await deps.slack.updateMessage({ channel: target.channel, ts: target.ts }, body);
      return remember({ channel: target.channel, ts: target.ts });
    } catch (e) {
      if (!(e instanceof SlackMessageGoneError)) throw e;
      deps.log.warn({ channel: target.channel, ts: target.ts }, 'the deployment message is gone; posting it anew');
      return remember(await deps.slack.postMessage(target.channel, body));
    }
  }
  if (route.kind === 'nowhere') {
    deps.log.warn({ deploymentId: job.deployment.id }, `[notifier] deployment not shown: ${route.reason}`);
    return null;
  }
  return remember(await deps.slack.postMessage(route.channel, body));
}
