import { ExternalApiError } from '@chatops/shared/contracts';
import { openSlackView, type SlackApi, updateSlackView } from '@chatops/shared/runtime';
import type { ViewsPort } from '../ports.js';

/** Slack answers these to a views.update that came too late: the view changed since, or is closed. */
const STALE = new Set(['hash_conflict', 'not_found']);

/** The dialogs' views over the shared Slack client (a 429 holds the method for everyone; errors mapped). */
export function createSlackViewsAdapter(slack: SlackApi): ViewsPort {
  return {
    open: (triggerId, view) => openSlackView(slack, triggerId, view),
    async update(viewId, hash, view) {
      try {
        return await updateSlackView(slack, { view_id: viewId }, view, hash);
      } catch (e) {
        if (e instanceof ExternalApiError && STALE.has(String(e.context?.apiCode))) return null;
        throw e;
      }
    },
  };
}
