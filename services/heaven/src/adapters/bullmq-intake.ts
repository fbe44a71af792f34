import type { JobsOptions, Queue } from 'bullmq';
import { deploymentJobSchema, notificationJobSchema, protectionRuleJobSchema, QUEUES } from '@chatops/shared/contracts';
import {
  createJobBatcher,
  DEFAULT_JOB_OPTIONS,
  JobNotAddedError,
  withTimeout,
  type JobBatcher,
} from '@chatops/shared/runtime';
import type { z } from 'zod';
import type { IntakePort, OnceKeys } from '../ports.js';
import { ciEventJobSchema } from '../webhooks/ci-event-job.js';

/** Longer than GitHub's 3-day redelivery window. */
const DEDUPE_TTL_S = 4 * 24 * 3600;

/**
 * GitHub waits 10 s for an answer: a Redis that does not answer in 2 s gets a 503 (GitHub can redeliver)
 * instead of a timeout.
 */
export const ENQUEUE_TIMEOUT_MS = 2000;

const SCHEMAS: Record<string, z.ZodType> = {
  [QUEUES.deployments]: deploymentJobSchema,
  [QUEUES.notifications]: notificationJobSchema,
  [QUEUES.ciEvents]: ciEventJobSchema,
  [QUEUES.protectionRules]: protectionRuleJobSchema,
};

/**
 * Webhook intake on BullMQ queues (which share one connection), with a dedupe key per webhook body
 * (SET NX, 4 days) under the queue prefix. The key and the job go out in one pipeline, batched with
 * the other webhooks of the same event-loop tick (createJobBatcher).
 */
export function createBullmqIntake(
  queues: Record<string, Queue>,
  keys: Pick<OnceKeys, 'forget'> & { key(kind: string, id: string): string },
  retries: Pick<JobsOptions, 'attempts' | 'backoff'> = {},
): IntakePort {
  const any = Object.values(queues)[0];
  const batcher: JobBatcher | undefined = any ? createJobBatcher(any) : undefined;
  return {
    async enqueue(queue, name, jobId, data, dedupe) {
      const q = queues[queue];
      const schema = SCHEMAS[queue];
      if (!q || !schema || !batcher) throw new Error(`no queue ${queue}`);
      const once = dedupe === undefined ? undefined : { key: keys.key('webhook', dedupe), ttlSeconds: DEDUPE_TTL_S };
      const stored = batcher
        .add(q, schema, name, data, { ...DEFAULT_JOB_OPTIONS, ...retries, jobId }, once)
        .catch(async (e: unknown) => {
          // The key was set but the job not stored: forget the body, or GitHub's redelivery would be
          // taken for a duplicate.
          if (e instanceof JobNotAddedError && e.keySet && dedupe !== undefined)
            await keys.forget('webhook', dedupe).catch(() => undefined);
          throw e;
        });
      // A queue whose connection never became ready waits forever: answer in time instead.
      return withTimeout(stored, ENQUEUE_TIMEOUT_MS, `Redis did not answer within ${ENQUEUE_TIMEOUT_MS} ms`);
    },
  };
}
