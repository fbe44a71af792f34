import { addValidatedJob, chatCommandJobSchema, controlJobSchema, createQueue, DEFAULT_JOB_OPTIONS, healthCheckJobSchema, QUEUES } from '@chatops/shared';
import type { Queue, JobsOptions } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ProducerPort } from '../ports.js';

export type BullmqProducer = ProducerPort & { queues: Queue[]; close(): Promise<void> };

/** Jobs to the bot's own worker, to heaven (cancel) and to the notifier (health probes), each validated first. */
export function createBullmqProducer(connection: Redis, prefix: string, jobOptions: JobsOptions = DEFAULT_JOB_OPTIONS): BullmqProducer {
  const commands = createQueue(QUEUES.chatCommands, { connection, prefix });
  const control = createQueue(QUEUES.deploymentControl, { connection, prefix });
  const health = createQueue(QUEUES.healthChecks, { connection, prefix });
  return {
    queues: [commands, control, health],
    async command(name, data, jobId, delayMs) {
      await addValidatedJob(commands, chatCommandJobSchema, name, data, { ...jobOptions, jobId, ...(delayMs ? { delay: delayMs } : {}) });
    },
    async control(data, jobId) {
      await addValidatedJob(control, controlJobSchema, 'cancel', data, { ...jobOptions, jobId });
    },
    async health(data, jobId) {
      await addValidatedJob(health, healthCheckJobSchema, 'probe', data, { ...jobOptions, jobId });
    },
    async close() {
      await Promise.all([commands.close(), control.close(), health.close()]);
    },
  };
}
