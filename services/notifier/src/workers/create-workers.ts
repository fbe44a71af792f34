import type { JobWorkerBase } from '@chatops/shared/runtime';
import type { Worker } from 'bullmq';
import type { AnnounceDeps } from '../announcements/announce-teardown.js';
import type { DeploymentStatusDeps } from '../deployments/handle-deployment-status.js';
import { createAnnouncementWorker } from './create-announcement-worker.js';
import { createHealthCheckWorker, type HealthCheckDeps } from './create-health-check-worker.js';
import { createNotificationWorker } from './create-notification-worker.js';

/** The notifier's workers: `notifications` (deployment messages), `health-checks` and `announcements`. */
export function createWorkers(
  base: JobWorkerBase,
  deps: { deployments: DeploymentStatusDeps; health: HealthCheckDeps; announcements: AnnounceDeps },
): Worker[] {
  return [
    createNotificationWorker(base, deps.deployments),
    createHealthCheckWorker(base, deps.health),
    createAnnouncementWorker(base, deps.announcements),
  ];
}
