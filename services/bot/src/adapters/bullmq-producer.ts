import {
  chatCommandJobSchema,
  controlJobSchema,
  healthCheckJobSchema,
  homeTabJobSchema,
  lockTimerJobSchema,
  protectionRuleJobSchema,
  QUEUES,
  slackEventJobSchema,
} from '@chatops/shared/contracts';
import { createJobBatcher, createQueue, DEFAULT_JOB_OPTIONS, type Redis } from '@chatops/shared/runtime';
import type { JobsOptions, Queue } from 'bullmq';
import type { ProducerPort } from '../ports.js';

export type BullmqProducer = ProducerPort & { queues: Queue[]; close(): Promise<void> };

/**
 * Jobs to the bot's own workers (commands, lock timers, a waiting run's later looks), to heaven
 * (cancel) and to the notifier (health probes), each validated first, and sent in batches: the jobs
 * of one event-loop turn go to Redis in one write.
 */
export function createBullmqProducer(
  connection: Redis,
  prefix: string,
  jobOptions: JobsOptions = DEFAULT_JOB_OPTIONS,
): BullmqProducer {
  const commands = createQueue(QUEUES.chatCommands, { connection, prefix });
  const control = createQueue(QUEUES.deploymentControl, { connection, prefix });
  const health = createQueue(QUEUES.healthChecks, { connection, prefix });
  const timers = createQueue(QUEUES.lockTimers, { connection, prefix });
  const protection = createQueue(QUEUES.protectionRules, { connection, prefix });
  const events = createQueue(QUEUES.slackEvents, { connection, prefix });
  const home = createQueue(QUEUES.homeTab, { connection, prefix });
  const batcher = createJobBatcher(commands);
  return {
    queues: [commands, events, control, health, timers, protection, home],
    async command(name, data, jobId, delayMs) {
      await batcher.add(commands, chatCommandJobSchema, name, data, {
        ...jobOptions,
        jobId,
        ...(delayMs ? { delay: delayMs } : {}),
      });
    },
    async control(data, jobId) {
      await batcher.add(control, controlJobSchema, 'cancel', data, { ...jobOptions, jobId });
    },
    async health(data, jobId) {
      await batcher.add(health, healthCheckJobSchema, 'probe', data, { ...jobOptions, jobId });
    },
    async lockTimer(data, jobId, delayMs) {
      await batcher.add(timers, lockTimerJobSchema, data.kind, data, {
        ...jobOptions,
        jobId,
        ...(delayMs > 0 ? { delay: delayMs } : {}),
      });
    },
    async protectionRule(name, data, jobId, delayMs) {
      await batcher.add(protection, protectionRuleJobSchema, name, data, {
        ...jobOptions,
        jobId,
        ...(delayMs > 0 ? { delay: delayMs } : {}),
      });
    },
    async homeTab(data, jobId, delayMs) {
      await batcher.add(home, homeTabJobSchema, data.kind, data, {
        ...jobOptions,
        jobId,
        ...(delayMs && delayMs > 0 ? { delay: delayMs } : {}),
      });
    },
    async slackEvent(data, jobId) {
      await batcher.add(events, slackEventJobSchema, data.event.type, data, { ...jobOptions, jobId });
    },
    async close() {
      await events.close();
      await Promise.all([
        commands.close(),
        control.close(),
        health.close(),
        timers.close(),
        protection.close(),
        home.close(),
      ]);
    },
  };
}
