// @chatops/shared/contracts: what the services agree on. Imports only zod and node: builtins, so a
// contract import pulls in nothing else (test/unit/contracts-boundary.test.ts checks it).
export * from './errors.js';
export * from './result.js';
export * from './format-zod-issues.js';
export * from './queues.js';
export * from './chatops-payload.js';
export * from './environment-lock.js';
export * from './message-ref.js';
export * from './config/app-config-schema.js';
export * from './config/resolve.js';
export * from './config/freeze-schema.js';
export * from './freeze/zoned-time.js';
export * from './freeze/freeze-window.js';
export * from './freeze/ad-hoc-freeze.js';
export * from './freeze/evaluate-freeze.js';
export * from './jobs/github-deployment.js';
export * from './jobs/deployment-job.js';
export * from './jobs/notification-job.js';
export * from './jobs/control-job.js';
export * from './jobs/health-check-job.js';
export * from './jobs/chat-command-job.js';
export * from './jobs/parse-job.js';
export * from './format-duration.js';
export * from './mrkdwn.js';
export * from './ci-parameters.js';
