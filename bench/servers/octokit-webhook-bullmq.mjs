// The alternative a user would build for webhook intake: @octokit/webhooks' createNodeMiddleware
// (X-Hub-Signature-256 checked) whose `deployment` handler dedupes the delivery (SET NX on its id)
// and adds the BullMQ job keyed by the deployment before the middleware answers: heaven's work, the
// way @octokit/webhooks' documentation shows (the answer waits for the handlers).
import { Webhooks } from '@octokit/webhooks';
import { Redis } from 'ioredis';
import { importFromServices } from '../lib/resolve.mjs';
import { exitOnSignal } from './listening.mjs';
import { serveWebhooks } from './serve-webhooks.mjs';

// The very BullMQ the services run.
const { Queue } = await importFromServices('bullmq');

const prefix = process.env.BENCH_PREFIX;
const redis = new Redis(process.env.REDIS_URL);
const queue = new Queue('deployments', { connection: redis, prefix });
const webhooks = new Webhooks({ secret: process.env.GITHUB_WEBHOOK_SECRET });
webhooks.on('deployment', async ({ id, payload }) => {
  const first = await redis.set(`${prefix}:delivery:${id}`, '1', 'EX', 86_400, 'NX');
  if (first !== 'OK') return;
  const repository = payload.repository.full_name;
  await queue.add(
    'deployment',
    { delivery_id: id, repository, deployment: payload.deployment },
    { jobId: `${repository.replace('/', '_')}-${payload.deployment.id}`, removeOnComplete: 1000, attempts: 5 },
  );
});
const server = serveWebhooks(webhooks, 'octokit-webhook-bullmq');
exitOnSignal(async () => {
  await new Promise((r) => server.close(r));
  await queue.close();
  redis.disconnect();
});
