import { healthCheckJobSchema, jobId } from '@chatops/shared/contracts';
import { DEFAULT_JOB_OPTIONS, addValidatedJob } from '@chatops/shared/runtime';
import type { Queue } from 'bullmq';
import type { PostDeployRequests } from '../ports.js';

/** `post-deploy` jobs on `health-checks`, one per deployment (id `post-deploy-<deployment id>`). */
export function createPostDeployRequests(healthChecks: Queue): PostDeployRequests {
  return {
    async request(data) {
      await addValidatedJob(healthChecks, healthCheckJobSchema, 'post-deploy', data, {
        ...DEFAULT_JOB_OPTIONS,
        attempts: 3,
        jobId: jobId('post-deploy', data.deployment_id),
      });
    },
  };
}
