import { afterAll, afterEach, describe, expect, it } from '@jest/globals';
import { ExternalApiError } from '@chatops/shared/contracts';
import {
  createResponder,
  createSlackApi,
  RESPONSE_URL_LIFETIME_MS,
  RESPONSE_URL_POSTS,
  type ReplyTarget,
  type ResponderOptions,
} from '@chatops/shared/runtime';
import { arrayLogger } from '../helpers/array-logger.js';
import { type LocalHandler, type LocalServer, sendJson, startLocalServer } from '../helpers/local-server.js';
import { type LocalSlack, startLocalSlack } from '../helpers/local-slack.js';
import { testRedis } from '../helpers/redis.js';

const redis = testRedis();
const servers: Array<LocalServer> = [];
afterEach(async () => {
  await redis.cleanup();
  for (const s of servers.splice(0)) await s.close();
});
afterAll(() => redis.quit());

const RECEIVED_AT = '2026-03-01T10:00:00.000Z';
const at = (ms: number) => () => Date.parse(RECEIVED_AT) + ms;

async function server(handler: LocalHandler): Promise<LocalServer> {
  const s = await startLocalServer(handler);
  servers.push(s);
  return s;
}

/** A response_url server (answering `handler`), a local Slack API, and a responder over both. */
async function setup(handler: LocalHandler, options: Partial<ResponderOptions> = {}) {
  const responseUrl = await server(handler);
  const slack: LocalSlack = await startLocalSlack((_call, res) => sendJson(res, 200, { ok: true }));
  servers.push(slack.server);
  const api = createSlackApi({
    token: 'xoxb-test-token',
    apiUrl: slack.apiUrl,
    logger: arrayLogger().logger,
    retries: 0,
  });
  const prefix = options.prefix ?? redis.prefix();
  const responder = createResponder({ redis: redis.redis, prefix, slack: api, now: at(1000), ...options });
  const target: ReplyTarget = {
    responseUrl: `${responseUrl.url}/commands/T1/123/abc`,
    receivedAt: RECEIVED_AT,
    channel: 'C1',
    user: 'U1',
  };
  return { responder, target, responseUrl, slack, prefix, api };
}

const ok: LocalHandler = (_req, res) => sendJson(res, 200, { ok: true });

async function failureOf(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the post to fail');
}

describe('createResponder', () => {
  it('posts the reply as JSON to the response_url', async () => {
    const { responder, target, responseUrl, slack } = await setup(ok);
    const reply = { text: 'Deploying api to staging', response_type: 'ephemeral' as const, replace_original: false };
    await responder.respond(target, reply);
    expect(responseUrl.requests).toHaveLength(1);
    const [req] = responseUrl.requests;
    expect(req).toMatchObject({ method: 'POST', url: '/commands/T1/123/abc' });
    expect(req!.headers['content-type']).toBe('application/json');
    expect(JSON.parse(req!.body)).toEqual(reply);
    expect(slack.calls()).toEqual([]);
  });

  it('refuses to follow a redirect: an error, and the other server gets nothing', async () => {
    const elsewhere = await server(ok);
    const { responder, target } = await setup((_req, res) => {
      res.writeHead(302, { location: `${elsewhere.url}/steal` });
      res.end();
    });
    const error = await failureOf(responder.respond(target, { text: 'secret deploy output' }));
    expect(error).toBeInstanceOf(ExternalApiError);
    expect(error.message).toBe("Slack's response_url answered with a redirect; not followed");
    expect((error as ExternalApiError).retryable).toBe(false);
    expect(elsewhere.requests).toEqual([]);
  });

  it(`posts at most ${RESPONSE_URL_POSTS} times to one URL; the next goes out as chat.postEphemeral`, async () => {
    const { responder, target, responseUrl, slack, prefix } = await setup(ok);
    for (let i = 1; i <= 5; i += 1) await responder.respond(target, { text: `reply ${i}` });
    expect(responseUrl.requests).toHaveLength(5);
    expect(slack.calls()).toEqual([]);
    await responder.respond(target, { text: 'reply 6' });
    expect(responseUrl.requests).toHaveLength(5);
    expect(slack.calls()).toEqual([
      {
        method: 'chat.postEphemeral',
        args: expect.objectContaining({ channel: 'C1', user: 'U1', text: 'reply 6' }),
        authorization: 'Bearer xoxb-test-token',
      },
    ]);
    // The count lives in Redis under the prefix, for the URL's lifetime, without the URL itself.
    const keys = await redis.redis.keys(`${prefix}*`);
    expect(keys).toEqual([expect.stringMatching(new RegExp(`^${prefix}:slack:response:[0-9a-f]{64}$`))]);
    expect(await redis.redis.ttl(keys[0]!)).toBeGreaterThan(RESPONSE_URL_LIFETIME_MS / 1000 - 10);
    expect(await redis.redis.ttl(keys[0]!)).toBeLessThanOrEqual(RESPONSE_URL_LIFETIME_MS / 1000);
  });

  it('counts the posts of all responders on the prefix; an in_channel reply goes as chat.postMessage', async () => {
    const { responder, target, responseUrl, slack, prefix, api } = await setup(ok);
    const other = createResponder({ redis: redis.redis, prefix, slack: api, now: at(2000) });
    for (let i = 1; i <= 5; i += 1) await (i % 2 ? responder : other).respond(target, { text: `reply ${i}` });
    expect(responseUrl.requests).toHaveLength(5);
    await other.respond(target, { text: 'for everyone', response_type: 'in_channel' });
    expect(responseUrl.requests).toHaveLength(5);
    expect(slack.calls()).toEqual([
      expect.objectContaining({
        method: 'chat.postMessage',
        args: expect.objectContaining({ channel: 'C1', text: 'for everyone' }),
      }),
    ]);
    expect(slack.calls()[0]!.args).not.toHaveProperty('user');
  });

  it('without a response_url (a dialog submit) answers with chat.postEphemeral, else in the Messages tab', async () => {
    const { responder, target, responseUrl, slack } = await setup(ok);
    const noUrl = { ...target, responseUrl: undefined };
    await responder.respond(noUrl, { text: 'here' });
    expect(responseUrl.requests).toHaveLength(0);
    expect(slack.calls().map((c) => [c.method, c.args.channel, c.args.user])).toEqual([
      ['chat.postEphemeral', 'C1', 'U1'],
    ]);
    // A channel the person is not in: the app's Messages tab (a DM to the person) instead
    const notIn = await startLocalSlack((call, res) =>
      sendJson(
        res,
        200,
        call.method === 'chat.postEphemeral' ? { ok: false, error: 'user_not_in_channel' } : { ok: true },
      ),
    );
    servers.push(notIn.server);
    const api = createSlackApi({
      token: 'xoxb-test-token',
      apiUrl: notIn.apiUrl,
      logger: arrayLogger().logger,
      retries: 0,
    });
    const dm = createResponder({ redis: redis.redis, prefix: redis.prefix(), slack: api, now: at(1000) });
    await dm.respond(noUrl, { text: 'elsewhere' });
    expect(notIn.calls().map((c) => [c.method, c.args.channel, c.args.text])).toEqual([
      ['chat.postEphemeral', 'C1', 'elsewhere'],
      ['chat.postMessage', 'U1', 'elsewhere'],
    ]);
    // Any other failure stays a failure
    const broken = await startLocalSlack((_call, res) => sendJson(res, 200, { ok: false, error: 'invalid_blocks' }));
    servers.push(broken.server);
    const api2 = createSlackApi({
      token: 'xoxb-test-token',
      apiUrl: broken.apiUrl,
      logger: arrayLogger().logger,
      retries: 0,
    });
    const failing = createResponder({ redis: redis.redis, prefix: redis.prefix(), slack: api2, now: at(1000) });
    expect(await failureOf(failing.respond(noUrl, { text: 'x' }))).toBeInstanceOf(ExternalApiError);
    expect(broken.calls()).toHaveLength(1);
  });

  it('sends nothing elsewhere for a bare delete_original when the URL is used up', async () => {
    const { responder, target, responseUrl, slack } = await setup((_req, res) => sendJson(res, 404, {}));
    await responder.respond(target, { text: '', delete_original: true });
    expect(responseUrl.requests).toHaveLength(1);
    expect(slack.calls()).toEqual([]);
  });

  it('posts with chat.postEphemeral once the URL is 30 minutes old, and to the URL just before', async () => {
    const early = await setup(ok, { now: at(RESPONSE_URL_LIFETIME_MS - 1) });
    await early.responder.respond(early.target, { text: 'in time' });
    expect(early.responseUrl.requests).toHaveLength(1);
    expect(early.slack.calls()).toEqual([]);

    const late = await setup(ok, { now: at(RESPONSE_URL_LIFETIME_MS) });
    await late.responder.respond(late.target, { text: 'too late for the URL' });
    expect(late.responseUrl.requests).toEqual([]);
    expect(late.slack.calls()).toEqual([
      expect.objectContaining({
        method: 'chat.postEphemeral',
        args: expect.objectContaining({ channel: 'C1', user: 'U1', text: 'too late for the URL' }),
      }),
    ]);
  });

  it.each([404, 410])('posts with chat.postEphemeral when the URL answers %p (used up)', async (status) => {
    const { responder, target, responseUrl, slack } = await setup((_req, res) => sendJson(res, status, {}));
    await responder.respond(target, { text: 'still said' });
    expect(responseUrl.requests).toHaveLength(1);
    expect(slack.calls()).toEqual([
      expect.objectContaining({ method: 'chat.postEphemeral', args: expect.objectContaining({ text: 'still said' }) }),
    ]);
  });

  it('makes a 5xx retryable and a 4xx final', async () => {
    const down = await setup((_req, res) => sendJson(res, 503, {}));
    const error = await failureOf(down.responder.respond(down.target, { text: 'x' }));
    expect(error).toBeInstanceOf(ExternalApiError);
    expect(error).toMatchObject({ message: "Slack's response_url answered HTTP 503", status: 503, retryable: true });
    expect(down.slack.calls()).toEqual([]);

    const refused = await setup((_req, res) => sendJson(res, 400, {}));
    const final = await failureOf(refused.responder.respond(refused.target, { text: 'x' }));
    expect(final).toMatchObject({ message: "Slack's response_url answered HTTP 400", status: 400, retryable: false });
  });

  it('gives up on a URL that hangs after timeoutMs, retryable', async () => {
    const { responder, target } = await setup(() => undefined, { timeoutMs: 150 });
    const started = performance.now();
    const error = await failureOf(responder.respond(target, { text: 'x' }));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(error).toBeInstanceOf(ExternalApiError);
    expect(error.message).toBe("Slack's response_url could not be reached: The operation was aborted due to timeout");
    expect(error).toMatchObject({ retryable: true });
  });
});
