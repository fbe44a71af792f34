import type { JobWorkerBase } from '@chatops/shared/runtime';
import type { Worker } from 'bullmq';
import type { DeploymentStatusDeps } from '../deployments/handle-deployment-status.js';
import { createHealthCheckWorker, type HealthCheckDeps } from './create-health-check-worker.js';
import { createNotificationWorker } from './create-notification-worker.js';

/** The notifier's two workers: `notifications` (deployment messages) and `health-checks`. */
export function createWorkers(
  base: JobWorkerBase,
  deps: { deployments: DeploymentStatusDeps; health: HealthCheckDeps },
): Worker[] {
  return [createNotificationWorker(base, deps.deployments), createHealthCheckWorker(base, deps.health)];
}
