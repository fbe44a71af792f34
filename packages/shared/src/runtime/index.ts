// @chatops/shared/runtime: what the three services run on (Redis, BullMQ, Fastify, logging,
// metrics, the clients of GitHub and Slack, the service runner).
export * from './env/load-env.js';
export * from './config/load-apps-config.js';
export * from './log/logger.js';
export * from './redis/redis.js';
export * from './redis/redis-sentinel.js';
export * from './queues/job-options.js';
export * from './queues/create-queue.js';
export * from './queues/create-job-worker.js';
export * from './queues/add-validated-job.js';
export * from './queues/pipeline-batcher.js';
export * from './queues/job-batcher.js';
export * from './stores/lock-store.js';
export * from './stores/message-store.js';
export * from './http/register-health-routes.js';
export * from './http/metrics.js';
export * from './http/instrument-port.js';
export * from './http/request-id.js';
export * from './http/request-log.js';
export * from './service/run-service.js';
export * from './service/with-timeout.js';
export * from './github/github-retry.js';
export * from './github/github-write-pacing.js';
