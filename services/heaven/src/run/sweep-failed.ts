import { deploymentJobSchema } from '@chatops/shared/contracts';
import type { FailedJobs } from '../ports.js';
import { giveUp } from './give-up.js';
import type { RunDeps } from './run-context.js';

/**
 * The report of a failed deployment runs once, in whichever heaven saw the failure: if GitHub failed
 * then, or that heaven died, the deployment would never show an end. The sweep looks at the newest
 * failed deployment jobs again (once per longest poll interval across every heaven) and ends those
 * whose deployment has not ended, in error with the job's reason. Returns how many it ended.
 */
export async function sweepFailed(deps: RunDeps & { failed: FailedJobs }, count = 50): Promise<number> {
  const { pollMaxMs } = deps.tunables;
  const slot = String(Math.floor(deps.clock.now() / pollMaxMs));
  if (!(await deps.once.once('sweep-failed', slot, Math.ceil(pollMaxMs / 1000)))) return 0;
  let reported = 0;
  for (const job of await deps.failed.newest(count)) {
    const parsed = deploymentJobSchema.safeParse(job.data);
    if (!parsed.success) continue;
    const record = await deps.store.read(parsed.data.deployment.id);
    if (!record || record.phase === 'done') continue;
    try {
      await giveUp(parsed.data, job.reason, deps);
      reported += 1;
    } catch (e) {
      deps.log.warn(
        { err: e, deploymentId: parsed.data.deployment.id },
        'could not report a failed deployment; the next sweep will try again',
      );
    }
  }
  return reported;
}
