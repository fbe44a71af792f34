import { publishSlackView, type SlackApi } from '@chatops/shared/runtime';
import type { HomeViewsPort } from '../ports.js';

/** The Home tab over the shared Slack client's views.publish (a 429 holds the method for everyone). */
export function createSlackHomeAdapter(slack: SlackApi): HomeViewsPort {
  return {
    async publish(userId, view) {
      await publishSlackView(slack, userId, view);
    },
  };
}
