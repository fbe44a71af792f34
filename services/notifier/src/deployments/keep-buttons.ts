import { randomBytes } from 'node:crypto';
import type { DeploymentButtonStore } from '@chatops/shared/contracts';
import type { DeploymentView } from './deployment-view.js';
import type { MessageState } from './message-state.js';
import type { Offer, OfferedButton } from './offered-buttons.js';

/** A button as the message shows it: what it does, and the opaque id its press carries. */
export type ShownButton = OfferedButton & { id: string };

/**
 * The ids of the offered buttons: the one the message's state already has for that action, else a
 * new opaque id whose meaning (deployment, app, environment, sha, action) is saved server-side
 * first and noted in `state` (saved with it).
 */
export async function keepButtons(
  state: MessageState,
  view: DeploymentView,
  offer: Offer | null,
  store: DeploymentButtonStore,
): Promise<ShownButton[]> {
  if (!offer) return [];
  const shown: ShownButton[] = [];
  for (const button of offer.buttons) {
    let id = state.buttons[button.action];
    if (!id) {
      id = randomBytes(16).toString('hex');
      await store.save(id, {
        action: button.action,
        deployment_id: view.deploymentId,
        repository: view.repository,
        app: offer.app,
        environment: offer.environment,
        github_environment: view.environment,
        sha: view.sha,
        ref: view.ref,
        ...(button.target ? { target_environment: button.target } : {}),
        created_at: new Date().toISOString(),
      });
      state.buttons = { ...state.buttons, [button.action]: id };
    }
    shown.push({ ...button, id });
  }
  return shown;
}

/** The offered buttons that already have an id in `state` (a re-render that saves nothing new). Pure. */
export function buttonsOnRecord(state: MessageState, offer: Offer | null): ShownButton[] {
  return (offer?.buttons ?? []).flatMap((button) => {
    const id = state.buttons[button.action];
    return id ? [{ ...button, id }] : [];
  });
}
