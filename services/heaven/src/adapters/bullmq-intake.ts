import type { JobsOptions, Queue } from 'bullmq';
import { addValidatedJob, DEFAULT_JOB_OPTIONS, deploymentJobSchema, notificationJobSchema, QUEUES } from '@chatops/shared';
import type { z } from 'zod';
import type { IntakePort } from '../ports.js';
import type { DeploymentStore } from '../run/deployment-store.js';
import { ciEventJobSchema } from '../webhooks/ci-event-job.js';

const DELIVERY_TTL_S = 4 * 24 * 3600;

const SCHEMAS: Record<string, z.ZodType> = {
  [QUEUES.deployments]: deploymentJobSchema,
  [QUEUES.notifications]: notificationJobSchema,
  [QUEUES.ciEvents]: ciEventJobSchema,
};

/** Webhook intake on BullMQ queues, with a delivery dedupe key (SET NX, 4 days) under the queue prefix. */
export function createBullmqIntake(queues: Record<string, Queue>, store: DeploymentStore, retries: Pick<JobsOptions, 'attempts' | 'backoff'> = {}): IntakePort {
  return {
    firstDelivery: (id) => store.once('delivery', id, DELIVERY_TTL_S),
    forgetDelivery: async (id) => {
      await store.forget('delivery', id);
    },
    async enqueue(queue, name, jobId, data) {
      const q = queues[queue];
      const schema = SCHEMAS[queue];
      if (!q || !schema) throw new Error(`[heaven] no queue ${queue}`);
      await addValidatedJob(q, schema, name, data, { ...DEFAULT_JOB_OPTIONS, ...retries, jobId });
    },
  };
}
