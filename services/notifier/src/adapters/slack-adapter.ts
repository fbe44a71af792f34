import type { Responder, SlackApi } from '@chatops/shared/runtime';
import type { SlackPort } from '../ports.js';
import { fitBlockKit } from '../render/fit-block-kit.js';

/**
 * The notifier's Slack over the shared client: a method held after a 429 (by any job of any
 * process) fails at once and the job waits out the hold; errors are mapped by `toSlackError`.
 * Every message is fitted to Block Kit's limits on its way out.
 */
export function createSlackAdapter(api: SlackApi, responder: Responder): SlackPort {
  return {
    async postMessage(channel, body) {
      const { text, blocks } = fitBlockKit(body);
      const res = await api.call(
        'chat.postMessage',
        (c) =>
          c.chat.postMessage({
            channel,
            text,
            blocks: blocks as never,
            thread_ts: body.thread_ts,
            unfurl_links: false,
            unfurl_media: false,
          }),
        { channel },
      );
      return { channel: res.channel ?? channel, ts: String(res.ts) };
    },
    async updateMessage(ref, body) {
      const { text, blocks } = fitBlockKit(body);
      await api.call(
        'chat.update',
        (c) => c.chat.update({ channel: ref.channel, ts: ref.ts, text, blocks: blocks as never }),
        ref,
      );
    },
    async respond(target, body) {
      const { text, blocks } = fitBlockKit(body);
      await responder.respond(target, { response_type: 'ephemeral', replace_original: false, text, blocks });
    },
  };
}
