import { addValidatedJob, chatCommandJobSchema, controlJobSchema, DEFAULT_JOB_OPTIONS, healthCheckJobSchema, QUEUES } from '@chatops/shared';
import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import type { ProducerPort } from '../ports.js';

export type BullmqProducer = ProducerPort & { queues: Queue[]; close(): Promise<void> };

/** Jobs to the bot's own worker, to heaven (cancel) and to the notifier (health probes), each validated first. */
export function createBullmqProducer(connection: Redis, prefix: string): BullmqProducer {
  const commands = new Queue(QUEUES.chatCommands, { connection, prefix });
  const control = new Queue(QUEUES.deploymentControl, { connection, prefix });
  const health = new Queue(QUEUES.healthChecks, { connection, prefix });
  return {
    queues: [commands, control, health],
    async command(name, data, jobId) {
      await addValidatedJob(commands, chatCommandJobSchema, name, data, { ...DEFAULT_JOB_OPTIONS, jobId });
    },
    async control(data, jobId) {
      await addValidatedJob(control, controlJobSchema, 'cancel', data, { ...DEFAULT_JOB_OPTIONS, jobId });
    },
    async health(data, jobId) {
      await addValidatedJob(health, healthCheckJobSchema, 'probe', data, { ...DEFAULT_JOB_OPTIONS, attempts: 3, jobId });
    },
    async close() {
      await Promise.all([commands.close(), control.close(), health.close()]);
    },
  };
}
