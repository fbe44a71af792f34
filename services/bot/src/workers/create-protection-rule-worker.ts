import { protectionRuleJobSchema, QUEUES } from '@chatops/shared/contracts';
import { createJobWorker, type JobWorkerBase } from '@chatops/shared/runtime';
import type { Worker } from 'bullmq';
import type { CommandDeps } from '../handlers/command-context.js';
import { handleProtectionRule } from '../handlers/protection-rule.js';

/** The worker of the protection-rules queue: a thin shell that parses each job and answers the waiting run. */
export function createProtectionRuleWorker(base: JobWorkerBase, deps: CommandDeps): Worker {
  return createJobWorker({
    ...base,
    queue: QUEUES.protectionRules,
    schema: protectionRuleJobSchema,
    logContext: (job) => ({ repository: job.repository, environment: job.environment, run: job.run_id }),
    handle: (job, { job: bullJob, log }) =>
      handleProtectionRule(deps, job, bullJob.name, log, bullJob.attemptsMade + 1 >= (bullJob.opts.attempts ?? 1)),
  });
}
