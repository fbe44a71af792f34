import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ExternalApiError } from '@chatops/shared/contracts';
import {
  SlackMessageGoneError,
  createLogger,
  createRedis,
  createResponder,
  createSlackApi,
  createSlackRateHold,
} from '@chatops/shared/runtime';
import { REDIS_URL, deleteKeysWithPrefix, testPrefix } from '@chatops/testkit';
import { createSlackAdapter } from '../../src/adapters/slack-adapter.js';

const TOKEN = 'xoxb-adapter-test-token-1';
type Seen = { path: string; headers: http.IncomingHttpHeaders; body: string };
type Answer = (seen: Seen) => { status?: number; headers?: Record<string, string>; body?: string };

const redis = createRedis(REDIS_URL, 'worker');
const prefixes: string[] = [];
let server: http.Server | undefined;
afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((r) => server?.close(r));
  server = undefined;
  for (const p of prefixes.splice(0)) await deleteKeysWithPrefix(redis, p);
});
afterAll(() => redis.quit());

async function slackAt(answer: Answer): Promise<{ url: string; seen: Seen[] }> {
  const seen: Seen[] = [];
  server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      const s = { path: req.url!, headers: req.headers, body };
      seen.push(s);
      const a = answer(s);
      res.writeHead(a.status ?? 200, { 'content-type': 'application/json', ...(a.headers ?? {}) });
      res.end(a.body ?? '{"ok":true,"channel":"C1","ts":"1.000001"}');
    });
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}`, seen };
}

/** The adapter as createNotifier builds it; two built on one prefix are two processes of one notifier. */
function adapter(url: string, prefix: string) {
  const api = createSlackApi({
    token: TOKEN,
    apiUrl: `${url}/api/`,
    logger: createLogger({ name: 't', level: 'silent' }),
    retries: 0,
    hold: createSlackRateHold(redis, prefix),
  });
  return createSlackAdapter(api, createResponder({ redis, prefix, slack: api }));
}
const fresh = () => {
  const p = testPrefix('slack-adapter');
  prefixes.push(p);
  return p;
};
const form = (body: string) => Object.fromEntries(new URLSearchParams(body));
const fail = (p: Promise<unknown>) =>
  p.then(
    () => new Error('resolved'),
    (e: unknown) => e,
  );

describe("the notifier's Slack adapter", () => {
  it('posts with the token in the header, no unfurls, in a thread, and reads channel and ts', async () => {
    const { url, seen } = await slackAt(() => ({ body: '{"ok":true,"channel":"C9","ts":"123.000456"}' }));
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'hi' } }];
    await expect(adapter(url, fresh()).postMessage('C1', { text: 'hello', blocks, thread_ts: '1.1' })).resolves.toEqual(
      { channel: 'C9', ts: '123.000456' },
    );
    expect(seen[0]!.path).toBe('/api/chat.postMessage');
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    const sent = form(seen[0]!.body);
    expect({ ...sent, blocks: JSON.parse(sent.blocks!) }).toEqual({
      channel: 'C1',
      text: 'hello',
      blocks,
      thread_ts: '1.1',
      unfurl_links: 'false',
      unfurl_media: 'false',
    });
  });

  it("cuts what would break Block Kit's limits instead of sending it", async () => {
    const { url, seen } = await slackAt(() => ({}));
    const blocks = Array.from({ length: 60 }, () => ({
      type: 'section',
      text: { type: 'mrkdwn', text: 'x'.repeat(5000) },
    }));
    await adapter(url, fresh()).updateMessage({ channel: 'C1', ts: '1.1' }, { text: '', blocks });
    const sent = form(seen[0]!.body);
    const fitted = JSON.parse(sent.blocks!) as Array<{ text: { text: string } }>;
    expect(fitted).toHaveLength(50);
    expect(fitted.every((b) => b.text.text.length === 3000 && b.text.text.endsWith('…'))).toBe(true);
    expect(sent.text).toBe('a message from chatops');
  });

  it('maps a deleted message to SlackMessageGoneError, a refusal to a final error saying how to fix it', async () => {
    const { url } = await slackAt((s) => ({
      body: s.path.endsWith('chat.update')
        ? '{"ok":false,"error":"message_not_found"}'
        : '{"ok":false,"error":"invalid_auth"}',
    }));
    const slack = adapter(url, fresh());
    const gone = await fail(slack.updateMessage({ channel: 'C1', ts: '1.1' }, { text: 'x' }));
    expect(gone).toBeInstanceOf(SlackMessageGoneError);
    expect((gone as Error).message).toBe('Slack message 1.1 in C1 cannot be updated (message_not_found)');
    const refused = (await fail(slack.postMessage('C1', { text: 'x' }))) as ExternalApiError;
    expect(refused).toBeInstanceOf(ExternalApiError);
    expect(refused.retryable).toBe(false);
    expect(refused.message).toBe(
      'Slack chat.postMessage answered invalid_auth (channel C1); to fix: SLACK_BOT_TOKEN is not valid for this ' +
        'workspace: set the bot token (xoxb-…) of the installed app',
    );
  });

  it("holds a method after its 429 for another process's adapter too, without a call to Slack", async () => {
    const { url, seen } = await slackAt((s) =>
      s.path.endsWith('chat.update') ? { status: 429, headers: { 'retry-after': '7' }, body: '{"ok":false}' } : {},
    );
    const prefix = fresh();
    const limited = (await fail(
      adapter(url, prefix).updateMessage({ channel: 'C1', ts: '1.1' }, { text: 'a' }),
    )) as ExternalApiError;
    expect(limited.context?.retryAfterMs).toBe(7000);
    const held = (await fail(
      adapter(url, prefix).updateMessage({ channel: 'C1', ts: '1.1' }, { text: 'b' }),
    )) as ExternalApiError;
    expect(held).toBeInstanceOf(ExternalApiError);
    expect(held.retryable).toBe(true);
    expect(held.context?.retryAfterMs).toBeGreaterThan(6000);
    expect(held.context?.retryAfterMs).toBeLessThanOrEqual(7000);
    expect(seen.map((s) => s.path)).toEqual(['/api/chat.update']);
    // Another method, and the same method on another notifier's prefix, are not held.
    await adapter(url, prefix).postMessage('C1', { text: 'c' });
    await expect(adapter(url, fresh()).updateMessage({ channel: 'C1', ts: '1.1' }, { text: 'd' })).rejects.toThrow(
      'Slack chat.update was rate limited; retry after 7 s',
    );
  });

  it('answers a person through the response_url, ephemeral, leaving the original alone', async () => {
    const { url, seen } = await slackAt(() => ({ body: 'ok' }));
    const target = {
      responseUrl: `${url}/response/1`,
      receivedAt: new Date().toISOString(),
      channel: 'C1',
      user: 'U1',
    };
    await adapter(url, fresh()).respond(target, { text: 'healthy' });
    expect(seen.map((s) => s.path)).toEqual(['/response/1']);
    expect(JSON.parse(seen[0]!.body)).toEqual({ response_type: 'ephemeral', replace_original: false, text: 'healthy' });
  });
});
