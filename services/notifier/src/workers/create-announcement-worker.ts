import { QUEUES, reviewTeardownJobSchema } from '@chatops/shared/contracts';
import { createJobWorker, type JobWorkerBase } from '@chatops/shared/runtime';
import type { Worker } from 'bullmq';
import { announceTeardown, type AnnounceDeps } from '../announcements/announce-teardown.js';

/** Consumes `announcements` (`review-teardown` jobs from heaven). */
export function createAnnouncementWorker(base: JobWorkerBase, deps: AnnounceDeps): Worker {
  return createJobWorker({
    ...base,
    queue: QUEUES.announcements,
    schema: reviewTeardownJobSchema,
    logContext: (d) => ({ environment: d.environment, deploymentId: d.destroy_id }),
    handle: async (data, { job, log }) => {
      if (job.name !== 'review-teardown') {
        log.warn(`ignored a ${job.name} job on ${QUEUES.announcements}`);
        return;
      }
      if (await announceTeardown(data, deps, log)) log.info('review environment teardown announced');
    },
  });
}
