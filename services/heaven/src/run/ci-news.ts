import type { CiEventJob } from '../webhooks/ci-event-job.js';
import { autoDeploy } from './auto-deploy.js';
import { teardownBranch } from './review-environments.js';
import type { RunDeps } from './run-context.js';

/** The title heaven gives a dispatched Actions run ("deploy <deployment id>"), read back. */
const RUN_TITLE = /^deploy (\d+)$/;

/**
 * News from a CI or from commit checks: a green commit may auto-deploy; a CI run's news wakes its
 * deployment, which looks at the run at once instead of at its next poll. Returns what it did.
 */
export async function handleCiEvent(
  event: CiEventJob,
  deps: Pick<
    RunDeps,
    'apps' | 'github' | 'locks' | 'freezes' | 'held' | 'once' | 'clock' | 'store' | 'wake' | 'log' | 'reviews'
  >,
): Promise<string[] | number | null> {
  if (event.kind === 'commit-green') return autoDeploy(event, deps);
  if (event.kind === 'branch-closed') return teardownBranch(deps, event);
  const key = event.kind === 'circleci-workflow' ? event.pipeline_id : String(event.run_id);
  const byTitle = event.kind === 'workflow-run' ? RUN_TITLE.exec(event.title)?.[1] : undefined;
  const id = (await deps.store.deploymentOfRunOrNote(key)) ?? (byTitle ? Number(byTitle) : null);
  if (id !== null) await deps.wake(id);
  return id;
}
