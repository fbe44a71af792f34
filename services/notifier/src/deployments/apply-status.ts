import type { GithubDeploymentStatus } from '@chatops/shared/contracts';
import { isFinal, stateRank, type DeploymentView } from './deployment-view.js';

export type ApplyResult = {
  view: DeploymentView;
  /** The status was new and changed what the message shows. */
  changed: boolean;
  /** This status finished the deployment (first final state seen). */
  finishedNow: boolean;
};

/**
 * Applies one deployment status to the view. Statuses may arrive in any order: the timeline keeps
 * the earliest time of each phase, links fill in, and the shown state only moves forward. Once
 * finished, only `inactive` (a newer deployment replaced this one) is noted, as "superseded".
 */
export function applyStatus(view: DeploymentView, status: GithubDeploymentStatus): ApplyResult {
  if (view.appliedStatusIds.includes(status.id)) return { view, changed: false, finishedNow: false };
  const next: DeploymentView = {
    ...view,
    timeline: { ...view.timeline },
    appliedStatusIds: [...view.appliedStatusIds, status.id].slice(-50),
    logUrl: status.log_url || status.target_url || view.logUrl,
    environmentUrl: status.environment_url || view.environmentUrl,
  };
  recordTimeline(next, status);
  const wasFinal = isFinal(view.state);
  if (status.state === 'inactive') {
    if (wasFinal) next.superseded = true;
  } else if (!wasFinal && stateRank(status.state) >= stateRank(view.state)) {
    next.state = status.state;
    next.description = status.description ?? null;
  }
  const finishedNow = !wasFinal && isFinal(next.state);
  return { view: next, changed: true, finishedNow };
}

function recordTimeline(view: DeploymentView, status: GithubDeploymentStatus): void {
  const t = view.timeline;
  const at = status.created_at;
  const earliest = (current: string | undefined) => (current && Date.parse(current) <= Date.parse(at) ? current : at);
  if (status.state === 'queued' || status.state === 'pending' || status.state === 'waiting')
    t.queued = earliest(t.queued);
  else if (status.state === 'in_progress') t.started = earliest(t.started);
  else if (isFinal(status.state) && !isFinal(view.state)) t.finished = at;
}
