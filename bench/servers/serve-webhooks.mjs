// @octokit/webhooks' createNodeMiddleware on node:http at /webhooks/github (404 for any other path),
// quiet but for errors, kept alive as the bench's load generator expects; announced as `name`.
import { createServer } from 'node:http';
import { createNodeMiddleware } from '@octokit/webhooks';
import { announce } from './listening.mjs';

export function serveWebhooks(webhooks, name) {
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
  server.listen(Number(process.env.PORT ?? 0), '127.0.0.1', () => announce(name, server.address()));
  return server;
}
