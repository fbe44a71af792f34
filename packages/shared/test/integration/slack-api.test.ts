import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { ExternalApiError } from '@chatops/shared/contracts';
import {
  createSlackApi,
  createSlackRateHold,
  type SlackApi,
  type SlackRateHold,
  SlackMessageGoneError,
} from '@chatops/shared/runtime';
import { arrayLogger } from '../helpers/array-logger.js';
import { closedPortUrl, sendJson } from '../helpers/local-server.js';
import { type LocalSlack, type LocalSlackHandler, startLocalSlack } from '../helpers/local-slack.js';
import { testRedis } from '../helpers/redis.js';

const redis = testRedis();
let slack: LocalSlack | undefined;
afterEach(async () => {
  await redis.cleanup();
  await slack?.server.close();
  slack = undefined;
});
afterAll(() => redis.quit());

function apiOf(apiUrl: string, options: { hold?: SlackRateHold; retries?: number; timeoutMs?: number } = {}): SlackApi {
  return createSlackApi({ token: 'xoxb-test-token', apiUrl, logger: arrayLogger().logger, retries: 0, ...options });
}

async function localSlack(handler?: LocalSlackHandler): Promise<LocalSlack> {
  slack = await startLocalSlack(handler);
  return slack;
}

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the call to fail');
}

const post = (api: SlackApi, channel = 'C1') =>
  api.call('chat.postMessage', (c) => c.chat.postMessage({ channel, text: 'hi' }), { channel });
const update = (api: SlackApi) =>
  api.call('chat.update', (c) => c.chat.update({ channel: 'C1', ts: '1.000100', text: 'hi' }), {
    channel: 'C1',
    ts: '1.000100',
  });

describe('createSlackApi', () => {
  it("calls Slack's Web API at apiUrl with the bot token", async () => {
    const { apiUrl, calls } = await localSlack((_call, res) => sendJson(res, 200, { ok: true, ts: '1.000100' }));
    const result = await post(apiOf(apiUrl));
    expect(result).toMatchObject({ ok: true, ts: '1.000100' });
    expect(calls()).toEqual([
      {
        method: 'chat.postMessage',
        args: expect.objectContaining({ channel: 'C1', text: 'hi' }),
        authorization: 'Bearer xoxb-test-token',
      },
    ]);
  });

  it('holds a method after a 429 for every client on the prefix, without a request; other methods go on', async () => {
    const { apiUrl, calls } = await localSlack((call, res) =>
      call.method === 'chat.postMessage' && calls().length === 1
        ? sendJson(res, 429, { ok: false, error: 'ratelimited' }, { 'retry-after': '3' })
        : sendJson(res, 200, { ok: true }),
    );
    const prefix = redis.prefix();
    const first = apiOf(apiUrl, { hold: createSlackRateHold(redis.redis, prefix), retries: 2 });
    const second = apiOf(apiUrl, { hold: createSlackRateHold(redis.redis, prefix) });

    const limited = await failureOf(post(first));
    expect(limited).toBeInstanceOf(ExternalApiError);
    expect(limited).toMatchObject({
      message: 'Slack chat.postMessage was rate limited; retry after 3 s',
      status: 429,
      retryable: true,
      context: expect.objectContaining({ retryAfterMs: 3000 }),
    });
    expect(calls()).toHaveLength(1); // a 429 is never slept on nor retried in place
    const ttl = await redis.redis.pttl(`${prefix}:slack:hold:chat.postMessage`);
    expect(ttl).toBeGreaterThan(2000);
    expect(ttl).toBeLessThanOrEqual(3000);

    const held = await failureOf(post(second));
    expect(held).toBeInstanceOf(ExternalApiError);
    const wait = Number(/^Slack chat\.postMessage is held for (\d+) ms after a 429$/.exec(held.message)?.[1]);
    expect(wait).toBeGreaterThan(2000);
    expect(wait).toBeLessThanOrEqual(3000);
    expect(held).toMatchObject({
      status: 429,
      retryable: true,
      context: expect.objectContaining({ retryAfterMs: wait }),
    });
    expect(calls()).toHaveLength(1);

    await expect(update(second)).resolves.toMatchObject({ ok: true });
    const unrelated = apiOf(apiUrl, { hold: createSlackRateHold(redis.redis, redis.prefix()) });
    await expect(post(unrelated)).resolves.toMatchObject({ ok: true });
    expect(calls().map((c) => c.method)).toEqual(['chat.postMessage', 'chat.update', 'chat.postMessage']);
  });

  it('maps channel_not_found to a final error with how to fix it', async () => {
    const { apiUrl } = await localSlack((_call, res) => sendJson(res, 200, { ok: false, error: 'channel_not_found' }));
    const error = await failureOf(post(apiOf(apiUrl), 'C404'));
    expect(error).toBeInstanceOf(ExternalApiError);
    expect(error.message).toBe(
      'Slack chat.postMessage answered channel_not_found (channel C404); to fix: the channel id is wrong or the bot ' +
        'cannot see it: check "channel" in the apps config (CHATOPS_CONFIG), and invite the bot to private channels',
    );
    expect(error).toMatchObject({ retryable: false, apiCode: 'channel_not_found' });
  });

  it('maps message_not_found on an update to SlackMessageGoneError', async () => {
    const { apiUrl } = await localSlack((_call, res) => sendJson(res, 200, { ok: false, error: 'message_not_found' }));
    const error = await failureOf(update(apiOf(apiUrl)));
    expect(error).toBeInstanceOf(SlackMessageGoneError);
    expect(error.message).toBe('Slack message 1.000100 in C1 cannot be updated (message_not_found)');
  });

  it('tries an HTTP 5xx `retries` times more, then maps it retryable', async () => {
    const { apiUrl, calls } = await localSlack((_call, res) => sendJson(res, 503, { ok: false }));
    const error = await failureOf(post(apiOf(apiUrl, { retries: 1 })));
    expect(calls()).toHaveLength(2);
    expect(error).toBeInstanceOf(ExternalApiError);
    expect(error).toMatchObject({ message: 'Slack chat.postMessage answered HTTP 503', status: 503, retryable: true });
  });

  it('maps a network error retryable', async () => {
    const error = await failureOf(post(apiOf(`${await closedPortUrl()}/api/`)));
    expect(error).toBeInstanceOf(ExternalApiError);
    expect(error.message).toMatch(/^Slack chat\.postMessage could not be reached: A request error occurred: /);
    expect(error).toMatchObject({ retryable: true, status: undefined });
  });

  it('gives up on a call that hangs after timeoutMs, retryable', async () => {
    const { calls } = await localSlack(() => undefined);
    const started = performance.now();
    // 400 ms: with 150, a loaded CI host (two test files at once) aborted before the server had read the call.
    const error = await failureOf(post(apiOf(slack!.apiUrl, { timeoutMs: 400 })));
    expect(performance.now() - started).toBeLessThan(1500);
    expect(calls()).toHaveLength(1);
    expect(error).toBeInstanceOf(ExternalApiError);
    expect(error.message).toMatch(/^Slack chat\.postMessage could not be reached: /);
    expect(error).toMatchObject({ retryable: true });
  });
});

describe('createSlackRateHold', () => {
  it('is free when nothing was held, and frees the method when the hold passes', async () => {
    const hold = createSlackRateHold(redis.redis, redis.prefix());
    expect(await hold.remaining('chat.postMessage')).toBe(0);
    await hold.hold('chat.postMessage', 60);
    expect(await hold.remaining('chat.postMessage')).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 120));
    expect(await hold.remaining('chat.postMessage')).toBe(0);
  });

  it('keeps the later end of two holds, whichever comes first', async () => {
    const hold = createSlackRateHold(redis.redis, redis.prefix());
    await hold.hold('chat.update', 10_000);
    await hold.hold('chat.update', 1000);
    expect(await hold.remaining('chat.update')).toBeGreaterThan(9000);
    await hold.hold('chat.postMessage', 1000);
    await hold.hold('chat.postMessage', 10_000);
    expect(await hold.remaining('chat.postMessage')).toBeGreaterThan(9000);
  });
});
