import { healthCheckJobSchema, jobId } from '@chatops/shared/contracts';
import { DEFAULT_JOB_OPTIONS, addValidatedJob } from '@chatops/shared/runtime';
import type { Queue } from 'bullmq';
import type { PostDeployRequests } from '../ports.js';

/**
 * Attempts of one post-deploy job. Its probes do not spend them (a try that finds the environment
 * unhealthy delays the job, counted by `ProbeTries` against POST_DEPLOY_PROBE_ATTEMPTS): they cover a
 * passing Redis or Slack failure while the verdict is shown. The verdict only adds to a finished
 * deployment's message, so a few retries (1 s, then 2 s) rather than the default eight a status gets.
 */
const POST_DEPLOY_JOB_ATTEMPTS = 3;

/** `post-deploy` jobs on `health-checks`, one per deployment (id `post-deploy-<deployment id>`). */
export function createPostDeployRequests(healthChecks: Queue): PostDeployRequests {
  return {
    async request(data) {
      await addValidatedJob(healthChecks, healthCheckJobSchema, 'post-deploy', data, {
        ...DEFAULT_JOB_OPTIONS,
        attempts: POST_DEPLOY_JOB_ATTEMPTS,
        jobId: jobId('post-deploy', data.deployment_id),
      });
    },
  };
}
