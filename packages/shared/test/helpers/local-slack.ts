import type { ServerResponse } from 'node:http';
import { type LocalServer, type SeenRequest, sendJson, startLocalServer } from './local-server.js';

/** A Slack Web API call as the local Slack saw it: the method and its arguments (form or JSON). */
export type SlackCall = { method: string; args: Record<string, unknown>; authorization: string | undefined };

export type LocalSlackHandler = (call: SlackCall, res: ServerResponse) => void;

export type LocalSlack = { server: LocalServer; apiUrl: string; calls(): SlackCall[] };

export function slackCallOf(req: SeenRequest): SlackCall {
  const method = req.url.replace(/^\/api\//, '').split('?')[0] ?? '';
  const json = String(req.headers['content-type']).includes('application/json');
  const args: Record<string, unknown> = json
    ? JSON.parse(req.body || '{}')
    : Object.fromEntries(new URLSearchParams(req.body));
  return { method, args, authorization: req.headers.authorization };
}

/** A local Slack Web API at `<url>/api/`: every call goes to `handler` (default: `{ok: true}`). */
export async function startLocalSlack(
  handler: LocalSlackHandler = (_call, res) => sendJson(res, 200, { ok: true }),
): Promise<LocalSlack> {
  const server = await startLocalServer((req, res) => handler(slackCallOf(req), res));
  return { server, apiUrl: `${server.url}/api/`, calls: () => server.requests.map(slackCallOf) };
}
