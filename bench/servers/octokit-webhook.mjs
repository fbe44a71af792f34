// Ceiling for webhook intake: @octokit/webhooks' createNodeMiddleware on node:http, verifying
// X-Hub-Signature-256 and dispatching the `deployment` event to a handler that does nothing
// (it enqueues nothing, dedupes nothing).
import { Webhooks } from '@octokit/webhooks';
import { exitOnSignal } from './listening.mjs';
import { serveWebhooks } from './serve-webhooks.mjs';

const webhooks = new Webhooks({ secret: process.env.GITHUB_WEBHOOK_SECRET });
webhooks.on('deployment', () => {});
const server = serveWebhooks(webhooks, 'octokit-webhook');
exitOnSignal(() => new Promise((r) => server.close(r)));
