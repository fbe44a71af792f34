import type { MessageMetadata, SlackPort } from '../../src/ports.js';

type Message = { channel: string; ts: string; text: string; blocks?: unknown[]; metadata?: MessageMetadata };

/** Slack in memory: posted messages (updated in place), user names and group members the test sets. */
export function createRecordingSlack() {
  const messages: Message[] = [];
  const names = new Map<string, string>();
  const groups = new Map<string, string[]>();
  const calls: string[] = [];
  return {
    messages,
    names,
    groups,
    calls,
    slack: {
      async postMessage(message) {
        calls.push('postMessage');
        const posted = { ...message, ts: `1700000000.${String(messages.length + 1).padStart(6, '0')}` };
        messages.push(posted);
        return { channel: posted.channel, ts: posted.ts };
      },
      async findMessage(channel, metadata, oldestTs) {
        calls.push('findMessage');
        const wanted = JSON.stringify(metadata);
        const found = messages.findLast(
          (m) => m.channel === channel && m.ts > oldestTs && JSON.stringify(m.metadata) === wanted,
        );
        return found ? { channel, ts: found.ts } : null;
      },
      async updateMessage(update) {
        calls.push('updateMessage');
        const message = messages.find((m) => m.channel === update.channel && m.ts === update.ts);
        if (message) Object.assign(message, update);
      },
      async userName(userId) {
        calls.push('userName');
        return names.get(userId) ?? null;
      },
      async groupMembers(groupId) {
        calls.push('groupMembers');
        return groups.get(groupId) ?? [];
      },
    } satisfies SlackPort,
  };
}
