import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { QUEUES } from '@chatops/shared/contracts';
import { createLogger, createMetrics, parseAppsConfig, type Logger } from '@chatops/shared/runtime';
import { deleteKeysWithPrefix, REDIS_URL, testPrefix } from '@chatops/testkit';
import type { FastifyInstance } from 'fastify';
import { createBullmqIntake } from '../../src/adapters/bullmq-intake.js';
import { buildApp } from '../../src/app.js';
import type { IntakePort } from '../../src/ports.js';
import { createDeploymentStore } from '../../src/run/deployment-store.js';
import { BASE_CONFIG, CIRCLE_SECRET, GITHUB_SECRET } from './harness.js';

export type IntakeApp = { app: FastifyInstance; queues: Record<string, Queue>; prefix: string; close(): Promise<void> };

/** buildApp with the real BullMQ intake on real Redis (own prefix), or with a given intake port. */
export async function buildIntakeApp(
  intake?: IntakePort,
  logger: Logger = createLogger({ name: 'heaven', level: 'silent' }),
): Promise<IntakeApp> {
  const prefix = testPrefix('heaven-intake');
  const redis = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queues = Object.fromEntries(
    [QUEUES.deployments, QUEUES.notifications, QUEUES.ciEvents].map((n) => [
      n,
      new Queue(n, { connection: redis, prefix }),
    ]),
  );
  const app = buildApp({
    logger,
    apps: parseAppsConfig(BASE_CONFIG),
    githubWebhookSecret: GITHUB_SECRET,
    circleciWebhookSecret: CIRCLE_SECRET,
    intake: intake ?? createBullmqIntake(queues, createDeploymentStore(redis, prefix)),
    metrics: createMetrics('heaven', { defaults: false }),
    readiness: { redis: async () => (await redis.ping()) === 'PONG', workers: () => true },
  });
  await app.ready();
  return {
    app,
    queues,
    prefix,
    async close() {
      await app.close();
      await Promise.all(Object.values(queues).map((q) => q.close()));
      await deleteKeysWithPrefix(redis, prefix);
      await redis.quit();
    },
  };
}
