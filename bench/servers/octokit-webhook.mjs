// Ceiling for webhook intake: @octokit/webhooks' createNodeMiddleware on node:http, verifying
// X-Hub-Signature-256 and dispatching the `deployment` event to a handler that does nothing
// (it enqueues nothing, dedupes nothing).
import { createServer } from 'node:http';
import { Webhooks, createNodeMiddleware } from '@octokit/webhooks';
import { announce, exitOnSignal } from './listening.mjs';

const webhooks = new Webhooks({ secret: process.env.GITHUB_WEBHOOK_SECRET });
webhooks.on('deployment', () => {});
const middleware = createNodeMiddleware(webhooks, {
  path: '/webhooks/github',
  log: { debug() {}, info() {}, warn() {}, error: console.error },
});
const server = createServer((req, res) => {
  middleware(req, res).then((handled) => {
    if (!handled) {
      res.statusCode = 404;
      res.end();
    }
  });
});
server.keepAliveTimeout = 72_000;
server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => announce('octokit-webhook', server.address()));
exitOnSignal(() => new Promise((r) => server.close(r)));
