import { ExternalApiError } from '../../contracts/errors.js';
import type { SlackApi } from './create-slack-api.js';

/**
 * A view as an app sends it (Slack's view object): a modal (`title`, `submit`, `close`…) or a Home tab,
 * its blocks (at most 100), `private_metadata` (at most 3,000), `callback_id`, `external_id`.
 */
export type SlackView = { type: 'modal' | 'home'; blocks: unknown[] } & Record<string, unknown>;

/** What Slack answers of an opened, pushed, updated or published view: its id and its hash (for the next update). */
export type ViewRef = { id: string; hash: string; root_view_id?: string };

/** views.update's target: the id Slack gave the view, or the app's own `external_id`. */
export type ViewTarget = { view_id: string } | { external_id: string };

/** A trigger_id Slack no longer takes (3 s passed, or it was used): an answer, never retried. */
const TRIGGER_ERRORS = new Set(['expired_trigger_id', 'exchanged_trigger_id', 'invalid_trigger_id']);

/** Whether a failure of views.open or views.push means the trigger_id is spent (tell the person to try again). */
export function isTriggerError(e: unknown): boolean {
  return e instanceof ExternalApiError && TRIGGER_ERRORS.has(String(e.context?.apiCode));
}

function refOf(res: { view?: { id?: string; hash?: string; root_view_id?: string } }): ViewRef {
  return { id: String(res.view?.id), hash: String(res.view?.hash), root_view_id: res.view?.root_view_id };
}

/**
 * views.open: a modal for the person whose interaction gave `triggerId` (within its 3 s, once). Like
 * every call of the shared client, a 429 holds the method for everyone and is retryable after it; a
 * spent trigger (`expired_trigger_id`, `exchanged_trigger_id`, `invalid_trigger_id`) is final.
 * views.open, views.push, views.update and views.publish are each Slack's Tier 4 (100+ a minute).
 */
export async function openSlackView(api: SlackApi, triggerId: string, view: SlackView): Promise<ViewRef> {
  return refOf(await api.call('views.open', (c) => c.views.open({ trigger_id: triggerId, view: view as never })));
}

/** views.push: a modal on top of the person's open one (at most 3 in the stack). */
export async function pushSlackView(api: SlackApi, triggerId: string, view: SlackView): Promise<ViewRef> {
  return refOf(await api.call('views.push', (c) => c.views.push({ trigger_id: triggerId, view: view as never })));
}

/**
 * views.update: new content for an open view. With `hash` (from the payload that showed it), Slack
 * refuses with `hash_conflict` when the view changed since: the caller decides, nothing is retried.
 */
export async function updateSlackView(
  api: SlackApi,
  target: ViewTarget,
  view: SlackView,
  hash?: string,
): Promise<ViewRef> {
  const args = { ...target, view: view as never, ...(hash ? { hash } : {}) };
  return refOf(await api.call('views.update', (c) => c.views.update(args)));
}

/** views.publish: the person's Home tab (a view of type `home`), replaced as a whole. */
export async function publishSlackView(
  api: SlackApi,
  userId: string,
  view: SlackView,
  hash?: string,
): Promise<ViewRef> {
  const args = { user_id: userId, view: view as never, ...(hash ? { hash } : {}) };
  return refOf(await api.call('views.publish', (c) => c.views.publish(args)));
}
