import type { MessageRef, NotificationJob } from '@chatops/shared/contracts';
import { SlackMessageGoneError, type Logger } from '@chatops/shared/runtime';
import type { DeploymentSession, SlackMessageBody, SlackPort } from '../ports.js';
import type { MessageRoute } from './route-message.js';

/** `session`: the deployment's lock and state; the message ref it read, and where the new one is saved. */
export type ShowDeps = { slack: SlackPort; session: DeploymentSession; log: Logger };

/**
 * Shows the deployment's message: updates the one already known (ours in Redis, else the bot's
 * from the signed payload), posts it anew if that message is gone, else posts a first one where it
 * is routed. `route` is needed only when no message is known yet. The reference of a posted
 * message is stored at once (an updated one with the job's other writes), so a retried job updates
 * instead of posting again.
 */
export async function showDeploymentMessage(
  job: NotificationJob,
  body: SlackMessageBody,
  state: string,
  route: () => Promise<MessageRoute>,
  deps: ShowDeps,
): Promise<MessageRef | null> {
  const known = deps.session.ref;
  const routed = known ? null : await route();
  const target = known ?? (routed?.kind === 'update' ? { channel: routed.channel, ts: routed.ts } : null);
  const remember = async (ref: MessageRef, posted: boolean) => {
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
  if (!routed || routed.kind === 'nowhere') {
    deps.log.warn({ deploymentId: job.deployment.id }, `deployment not shown: ${routed?.reason ?? 'no route'}`);
    return null;
  }
  return remember(await deps.slack.postMessage(routed.channel, body), true);
}
