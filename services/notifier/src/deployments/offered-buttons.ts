import { findAppByRepository, type AppsConfig, type DeploymentButtonAction } from '@chatops/shared/contracts';
import type { DeploymentView } from './deployment-view.js';

/** A button a deployment's message offers: what it does, and where a promote goes. */
export type OfferedButton = { action: DeploymentButtonAction; target?: string };

/** The config app and environment of a deployment, and the buttons its message offers now. */
export type Offer = { app: string; environment: string; buttons: OfferedButton[] };

const SHA = /^[0-9a-f]{40}$/;
const RUNNING = new Set(['pending', 'queued', 'waiting', 'in_progress']);

/**
 * Which buttons a deployment's message offers (who may press them is the bot's decision, at the
 * press): Cancel while it waits or runs; Rollback on a success or a failure (not once a newer
 * deployment superseded it, nor on a branch environment); Promote on a success of an environment
 * with a `promote_to`. Only a deploy of a configured app, never a dry run or another task. Pure.
 */
export function offeredButtons(view: DeploymentView, config: AppsConfig): Offer | null {
  if (view.task !== 'deploy' || view.noop || !SHA.test(view.sha)) return null;
  const found = findAppByRepository(config, view.repository, view.environment);
  const environment = found?.environment;
  if (!found || !environment) return null;
  const buttons: OfferedButton[] = [];
  const transient = environment.environment.transient;
  if (RUNNING.has(view.state)) buttons.push({ action: 'cancel' });
  const target = environment.environment.promote_to;
  if (view.state === 'success' && target && !transient) buttons.push({ action: 'promote', target });
  if ((view.state === 'success' || view.state === 'failure') && !view.superseded && !transient)
    buttons.push({ action: 'rollback' });
  return { app: found.app.name, environment: environment.name, buttons };
}
