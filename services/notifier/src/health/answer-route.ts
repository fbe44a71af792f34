import type { HealthCheckJob } from '@chatops/shared/contracts';
import { isSlackUserId } from '../render/describe-deployment.js';
import type { ReplyTarget } from '../ports.js';

export type AnswerRoute =
  | { kind: 'respond'; target: ReplyTarget }
  | { kind: 'channel'; channel: string; mention: string | null }
  | { kind: 'nowhere' };

/**
 * Where the answer to a health probe goes: the person's response_url (the responder falls back
 * to an ephemeral message in their channel once Slack no longer takes it), else their channel,
 * mentioning them. `enqueuedAt` stands in for a reply without `received_at` (an older bot).
 */
export function answerRoute(reply: HealthCheckJob['reply'], enqueuedAt: number): AnswerRoute {
  if (reply?.response_url) {
    return {
      kind: 'respond',
      target: {
        responseUrl: reply.response_url,
        receivedAt: reply.received_at ?? new Date(enqueuedAt).toISOString(),
        channel: reply.channel ?? '',
        user: reply.user_id ?? '',
      },
    };
  }
  if (reply?.channel) {
    const user = reply.user_id && isSlackUserId(reply.user_id) ? reply.user_id : null;
    return { kind: 'channel', channel: reply.channel, mention: user ? `<@${user}>` : null };
  }
  return { kind: 'nowhere' };
}
