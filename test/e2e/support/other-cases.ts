import type { Case } from './corpus.js';

const NOT_FOUND = (method: string, url: string) => ({
  error: 'Not Found',
  message: `Route ${method}:${url} not found`,
  statusCode: 404,
});

/** The rest of the HTTP surface: routes that do not exist, wrong methods, path tricks. */
export function otherCases(): Case[] {
  const c = (
    service: Case['service'],
    method: string,
    path: string,
    status: number,
    body?: unknown,
    headers?: Record<string, string>,
  ): Case => ({
    surface: 'other routes',
    name: `${service} ${method} ${path.slice(0, 60)}`,
    service,
    method,
    path,
    headers,
    expect: { status, body },
  });
  return [
    c('bot', 'GET', '/slack/commands', 404, NOT_FOUND('GET', '/slack/commands')),
    c('bot', 'PUT', '/slack/commands', 404, NOT_FOUND('PUT', '/slack/commands')),
    c('bot', 'DELETE', '/slack/interactions', 404, NOT_FOUND('DELETE', '/slack/interactions')),
    c('bot', 'POST', '/healthz', 404, NOT_FOUND('POST', '/healthz')),
    c('bot', 'POST', '/metrics', 404, NOT_FOUND('POST', '/metrics')),
    c('bot', 'GET', '/slack/commands/../../etc/passwd', 404),
    c('bot', 'GET', '/%2e%2e/%2e%2e/etc/passwd', 404),
    c('bot', 'GET', '/admin', 404, NOT_FOUND('GET', '/admin')),
    c('heaven', 'GET', '/webhooks/github', 404, NOT_FOUND('GET', '/webhooks/github')),
    c('heaven', 'PUT', '/webhooks/circleci', 404, NOT_FOUND('PUT', '/webhooks/circleci')),
    c('heaven', 'POST', '/readyz', 404, NOT_FOUND('POST', '/readyz')),
    c('heaven', 'GET', '/logs/../../../etc/passwd', 404),
    c('heaven', 'GET', '/logs/%2e%2e%2f%2e%2e%2fetc%2fpasswd', 404),
    c('heaven', 'GET', '/logs/00000000000000000000000000000000', 404),
    c('heaven', 'GET', `/logs/${'a'.repeat(5000)}`, 414),
    c('heaven', 'GET', '/admin/queues', 404),
    c('notifier', 'POST', '/healthz', 404, NOT_FOUND('POST', '/healthz')),
    c('notifier', 'POST', '/slack/commands', 404, NOT_FOUND('POST', '/slack/commands')),
    c('notifier', 'POST', '/webhooks/github', 404, NOT_FOUND('POST', '/webhooks/github')),
    c('notifier', 'GET', '/../../etc/passwd', 404),
  ];
}
