import { afterEach, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExternalApiError } from '@chatops/shared/contracts';
import { createLogger } from '@chatops/shared/runtime';
import { createSlackWebClient } from '../../src/adapters/slack-web-client.js';
import { SlackMessageGoneError } from '../../src/slack/slack-message-gone-error.js';

const TOKEN = 'xoxb-client-test-token-1';
type Seen = { method: string; headers: http.IncomingHttpHeaders; body: string };
type Answer = (
  seen: Seen,
  n: number,
) => { status?: number; headers?: Record<string, string>; body?: string } | 'hang' | 'drop';

let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
});

async function slackAt(answer: Answer): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const s = { method: req.url!.replace('/api/', ''), headers: req.headers, body };
      seen.push(s);
      const a = answer(s, seen.length);
      if (a === 'hang') return;
      if (a === 'drop') return req.socket.destroy();
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...(a.headers ?? {}) });
      res.end(a.body ?? '{"ok":true,"channel":"C1","ts":"1.000001"}');
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/api/`, seen };
}

const client = (url: string, extra: { retries?: number; timeoutMs?: number } = {}) =>
  createSlackWebClient({
    token: TOKEN,
    apiUrl: url,
    logger: createLogger({ name: 't', level: 'silent' }),
    retries: 1,
    ...extra,
  });
const body = { text: 'hello', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }] };

describe('the notifier Slack client', () => {
  it(
    'posts the message (as @slack/web-api encodes it) with the bot token in the ' +
      'Authorization header, and reads channel and ts',
    async () => {
      const { url, seen } = await slackAt(() => ({ body: '{"ok":true,"channel":"C9","ts":"123.000456"}' }));
      await expect(client(url).postMessage('C1', { ...body, thread_ts: '1.1' })).resolves.toEqual({
        channel: 'C9',
        ts: '123.000456',
      });
      expect(seen[0]!.method).toBe('chat.postMessage');
      expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
      const form = Object.fromEntries(new URLSearchParams(seen[0]!.body));
      expect({ ...form, blocks: JSON.parse(form.blocks!) }).toEqual({
        channel: 'C1',
        text: 'hello',
        blocks: body.blocks,
        thread_ts: '1.1',
        unfurl_links: 'false',
        unfurl_media: 'false',
      });
      expect(seen[0]!.body).not.toContain(TOKEN);
    },
  );

  it('tries a dropped connection and a 500 again inside the call, then maps what is left', async () => {
    let { url, seen } = await slackAt((_, n) => (n === 1 ? 'drop' : {}));
    await client(url).updateMessage({ channel: 'C1', ts: '1.1' }, body);
    expect(seen).toHaveLength(2);
    await new Promise((r) => server!.close(r));
    ({ url, seen } = await slackAt(() => ({ status: 503, body: 'down' })));
    const e = (await client(url, { retries: 2 })
      .updateMessage({ channel: 'C1', ts: '1.1' }, body)
      .catch((x: unknown) => x)) as ExternalApiError;
    expect(seen).toHaveLength(3);
    expect(e).toBeInstanceOf(ExternalApiError);
    expect(e.retryable).toBe(true);
    expect(e.status).toBe(503);
  });

  it(
    'gives up on a Slack that does not answer within the timeout, ' + 'as a retryable error without the token',
    async () => {
      const { url, seen } = await slackAt(() => 'hang');
      const started = Date.now();
      const e = (await client(url, { retries: 0, timeoutMs: 200 })
        .postMessage('C1', body)
        .catch((x: unknown) => x)) as ExternalApiError;
      expect(Date.now() - started).toBeLessThan(2000);
      expect(seen).toHaveLength(1);
      expect(e).toBeInstanceOf(ExternalApiError);
      expect(e.retryable).toBe(true);
      expect(e.message).toContain('could not be reached');
      expect(e.message).not.toContain(TOKEN);
    },
  );

  it('never retries a 429 itself: the job is delayed by Retry-After, or retried when it has none', async () => {
    let { url, seen } = await slackAt(() => ({ status: 429, headers: { 'retry-after': '7' } }));
    const limited = (await client(url)
      .postMessage('C1', body)
      .catch((x: unknown) => x)) as ExternalApiError;
    expect(seen).toHaveLength(1);
    expect(limited.context?.retryAfterMs).toBe(7000);
    await new Promise((r) => server!.close(r));
    ({ url, seen } = await slackAt(() => ({ status: 429 })));
    const bare = (await client(url)
      .postMessage('C1', body)
      .catch((x: unknown) => x)) as ExternalApiError;
    expect(seen).toHaveLength(1);
    expect(bare.retryable).toBe(true);
  });

  it(
    "maps Slack's refusals: " + 'a deleted message is gone, a bad token says how to fix it, neither is retried',
    async () => {
      const { url, seen } = await slackAt((s) => ({
        body:
          s.method === 'chat.update'
            ? '{"ok":false,"error":"message_not_found"}'
            : '{"ok":false,"error":"invalid_auth"}',
      }));
      await expect(client(url).updateMessage({ channel: 'C1', ts: '1.1' }, body)).rejects.toBeInstanceOf(
        SlackMessageGoneError,
      );
      const e = (await client(url)
        .postMessage('C1', body)
        .catch((x: unknown) => x)) as ExternalApiError;
      expect(e.retryable).toBe(false);
      expect(e.message).toContain('to fix: SLACK_BOT_TOKEN is not valid');
      expect(seen).toHaveLength(2);
    },
  );
});
