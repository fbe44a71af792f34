import { postSlackMessage, type SlackApi, updateSlackMessage } from '@chatops/shared/runtime';
import type { MessageMetadata, SlackPort } from '../ports.js';

function carries(found: MessageMetadata | undefined, wanted: MessageMetadata): boolean {
  if (!found || found.event_type !== wanted.event_type) return false;
  return Object.entries(wanted.event_payload).every(([k, v]) => String(found.event_payload?.[k]) === v);
}

/**
 * The bot's Slack port over the shared Slack API: every call goes through `SlackApi.call`, so a 429
 * on a method holds it for every job of every process, and failures are mapped by `toSlackError`.
 */
export function createSlackAdapter(slack: SlackApi): SlackPort {
  return {
    postMessage: (message) => postSlackMessage(slack, message),
    async findMessage(channel, metadata, oldestTs) {
      let cursor: string | undefined;
      // A few pages of 200 are plenty: the message was posted moments before the crash that lost its ts.
      for (let page = 0; page < 5; page++) {
        const res = await slack.call(
          'conversations.history',
          (c) =>
            c.conversations.history({
              channel,
              oldest: oldestTs,
              limit: 200,
              include_all_metadata: true,
              ...(cursor ? { cursor } : {}),
            }),
          { channel },
        );
        const found = (res.messages ?? []).find((m) => carries(m.metadata as MessageMetadata | undefined, metadata));
        if (found?.ts) return { channel, ts: found.ts };
        cursor = res.response_metadata?.next_cursor || undefined;
        if (!res.has_more || !cursor) return null;
      }
      return null;
    },
    updateMessage: (message) => updateSlackMessage(slack, message, message),
    async userName(userId) {
      const res = await slack.call('users.info', (c) => c.users.info({ user: userId }));
      return res.user?.profile?.display_name || res.user?.real_name || res.user?.name || null;
    },
    async groupMembers(groupId) {
      const res = await slack.call('usergroups.users.list', (c) => c.usergroups.users.list({ usergroup: groupId }));
      return res.users ?? [];
    },
  };
}
