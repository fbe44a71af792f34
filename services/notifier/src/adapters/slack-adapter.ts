import {
  fitBlockKit,
  postSlackMessage,
  type Responder,
  type SlackApi,
  updateSlackMessage,
} from '@chatops/shared/runtime';
import type { SlackPort } from '../ports.js';

/**
 * The notifier's Slack over the shared client (`postSlackMessage`, `updateSlackMessage`): a method
 * held after a 429 (by any job of any process) fails at once and the job waits out the hold; every
 * message is fitted to Block Kit's limits on its way out.
 */
export function createSlackAdapter(api: SlackApi, responder: Responder): SlackPort {
  return {
    postMessage: (channel, body) => postSlackMessage(api, { channel, ...body }),
    updateMessage: (ref, body) => updateSlackMessage(api, ref, body),
    async respond(target, body) {
      const { text, blocks } = fitBlockKit(body);
      await responder.respond(target, { response_type: 'ephemeral', replace_original: false, text, blocks });
    },
  };
}
