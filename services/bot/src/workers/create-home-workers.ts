import { homeTabJobSchema, homeUpdateJobSchema, QUEUES } from '@chatops/shared/contracts';
import { createJobWorker, type JobWorkerBase } from '@chatops/shared/runtime';
import type { Worker } from 'bullmq';
import { homePress, homeUpdated, publishHome, type HomeTabDeps } from '../home/home-tab.js';

/**
 * Home tab publishes (and Home presses) of all bot processes together stay under views.publish's
 * rate (Slack's Tier 4: 100+ a minute): BullMQ's limiter counts them for the whole queue.
 */
const HOME_TAB_LIMIT = { max: 90, duration: 60_000 };

/**
 * The Home tab's workers: `home-updates` (a deployment changed state: keep it, refresh the Homes of
 * its app, debounced) and `home-tab` (publish one person's Home; a Home button's command).
 */
export function createHomeWorkers(base: JobWorkerBase, deps: HomeTabDeps): Worker[] {
  const updates = createJobWorker({
    ...base,
    queue: QUEUES.homeUpdates,
    schema: homeUpdateJobSchema,
    logContext: (job) => ({ app: job.app, environment: job.environment, deploymentId: job.deployment_id }),
    handle: async (job, { log }) => {
      const asked = await homeUpdated(deps, job);
      if (asked > 0) log.info({ viewers: asked }, 'home tabs to refresh');
    },
  });
  const tab = createJobWorker({
    ...base,
    queue: QUEUES.homeTab,
    schema: homeTabJobSchema,
    workerOptions: { limiter: HOME_TAB_LIMIT },
    logContext: (job) => (job.kind === 'publish' ? { user: job.user_id } : { user: job.user.slack_user_id }),
    handle: async (job, { job: bullJob, log }) => {
      if (job.kind === 'publish') return publishHome(deps, job, log);
      const lastAttempt = bullJob.attemptsMade + 1 >= (bullJob.opts.attempts ?? 1);
      return homePress(deps, job, log, lastAttempt);
    },
  });
  return [updates, tab];
}
