import { describe, expect, it } from '@jest/globals';
import { slackSignatureHeaders, slashCommandBody } from '@chatops/testkit';
import { createGroupCache } from '../../src/stores/group-cache.js';
import { jobCount, SIGNING_SECRET, harnessPerTest } from '../helpers/harness.js';

const h = harnessPerTest({ worker: false });

const post = (payload: string, headers: Record<string, string>) =>
  h.inject({ method: 'POST', url: '/slack/commands', headers, payload });
const signed = (body: string, ts = Math.floor(h.now.ms / 1000)) => slackSignatureHeaders(SIGNING_SECRET, body, ts);
const body = () => slashCommandBody({ text: 'api to staging', response_url: h.slack.responseUrl('x') });

describe('POST /slack/commands: bad requests', () => {
  it('401 without a signature, nothing enqueued', async () => {
    const b = body();
    const res = await post(b, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'invalid_signature', message: 'missing Slack signature headers' });
    expect(await jobCount(h.queues.commands)).toBe(0);
  });

  it('401 with a wrong signature', async () => {
    const b = body();
    const res = await post(b, slackSignatureHeaders('wrong-secret', b, Math.floor(h.now.ms / 1000)));
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ error: 'invalid_signature', message: 'Slack signature mismatch' });
    expect(await jobCount(h.queues.commands)).toBe(0);
  });

  it.each([
    ['stale', -301],
    ['future', 301],
  ])('401 with a %s timestamp', async (_name, skew) => {
    const b = body();
    const res = await post(b, signed(b, Math.floor(h.now.ms / 1000) + skew));
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({
      error: 'invalid_signature',
      message: 'stale or future Slack request timestamp',
    });
    expect(await jobCount(h.queues.commands)).toBe(0);
  });

  it('401 when the body was changed after signing', async () => {
    const b = body();
    const res = await post(b.replace('staging', 'production'), signed(b));
    expect(res.statusCode).toBe(401);
    expect(await jobCount(h.queues.commands)).toBe(0);
  });

  it('400 for a signed body that lacks the fields of a command', async () => {
    const b = 'text=api&user_id=U0ALICE';
    const res = await post(b, signed(b));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'malformed_body', message: 'missing or invalid field channel_id' });
    expect(await jobCount(h.queues.commands)).toBe(0);
  });

  it('400 for a response_url that is not a URL', async () => {
    const b = slashCommandBody({ text: 'api', response_url: 'javascript:alert(1)' });
    const res = await post(b, signed(b));
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'malformed_body', message: 'invalid field response_url' });
  });

  it('415 for JSON', async () => {
    const res = await h.inject({
      method: 'POST',
      url: '/slack/commands',
      headers: { 'content-type': 'application/json' },
      payload: '{"text":"api"}',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toEqual({
      error: 'unsupported_media_type',
      message: 'expected application/x-www-form-urlencoded',
    });
    expect(await jobCount(h.queues.commands)).toBe(0);
  });

  it('200 with nothing processed for ssl_check=1 (unsigned)', async () => {
    const res = await post('ssl_check=1&token=legacy&text=api', {
      'content-type': 'application/x-www-form-urlencoded',
    });
    expect(res.statusCode).toBe(200);
    expect(res.body).toBe('');
    expect(await jobCount(h.queues.commands)).toBe(0);
  });
});

describe("POST /slack/commands: a person's mistakes get an ephemeral answer and nothing is enqueued", () => {
  it.each([
    ['nonsense; rm -rf /', 'U0ALICE', 'C0DEPLOYS', `"nonsense;" is not an app name. Try \`/deploy help\`.`],
    ['shop to staging', 'U0ALICE', 'C0DEPLOYS', 'I don\'t know an app called "shop". Known apps: api, ghost, web.'],
    [
      'api to qa',
      'U0ALICE',
      'C0DEPLOYS',
      'api has no environment called "qa". Its environments: staging (stg), production (prod), review, gated, health.',
    ],
    ['api/-rf to staging', 'U0ALICE', 'C0DEPLOYS', '"-rf" is not a valid branch, tag or sha.'],
    [
      'web to production',
      'U0ALICE',
      'C0WEB',
      'Nobody may deploy to production yet: it is a production environment and its `deployers` list is empty. ' +
        'Ask an admin to add people to it in the config.',
    ],
    ['web to staging', 'U0ALICE', 'C0DEPLOYS', 'web can only be deployed from <#C0WEB>.'],
    [
      'api to staging force',
      'U0BOB',
      'C0DEPLOYS',
      'You may not use `force` or override locks on staging. Those who may: <@U0ALICE>.',
    ],
    [
      'destroy api staging',
      'U0ALICE',
      'C0DEPLOYS',
      'staging of api is not a transient environment; only transient (per-branch) environments can be destroyed.',
    ],
    [
      'destroy api review',
      'U0ALICE',
      'C0DEPLOYS',
      'Which branch? Use `destroy api/BRANCH review` or `destroy api review-BRANCH`.',
    ],
  ])('%j by %s', async (text, user, channel, answer) => {
    const res = await h.command(text, { user_id: user, channel_id: channel });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ response_type: 'ephemeral', text: answer });
    expect(await jobCount(h.queues.commands)).toBe(0);
  });

  it('refuses someone who is neither listed nor in a listed (cached) user group', async () => {
    await createGroupCache(h.redis, h.prefix).set('S0OPS', ['U0CAROL']);
    const res = await h.command('api to prod', { user_id: 'U0BOB' });
    expect(res.body).toEqual({
      response_type: 'ephemeral',
      text: 'You may not deploy to production. Those who may: <@U0ALICE>, <!subteam^S0OPS>.',
    });
    expect(await jobCount(h.queues.commands)).toBe(0);
    expect((await h.command('api to prod', { user_id: 'U0CAROL' })).body!.text).toBe(
      'On it: deploy api to production.',
    );
  });

  it('answers "slow down" past the per-person rate limit, without enqueueing', async () => {
    for (let i = 0; i < 5; i += 1) expect((await h.command('locks')).body!.text).toBe('On it: locks.');
    const res = await h.command('locks');
    expect(res.body).toEqual({
      response_type: 'ephemeral',
      text: 'Slow down: at most 5 commands a minute. Try again in a minute.',
    });
    expect(await jobCount(h.queues.commands)).toBe(5);
    expect((await h.command('locks', { user_id: 'U0BOB' })).body!.text).toBe('On it: locks.');
  });

  it('suggests the slash command the workspace named', async () => {
    const res = await h.command('where', { command: '/ship' });
    expect(res.body).toEqual({ response_type: 'ephemeral', text: 'Usage: `where APP`. Try `/ship help`.' });
  });

  it('answers help directly, with the grammar and what this person may deploy', async () => {
    const res = await h.command('help', { user_id: 'U0BOB' });
    expect(res.body!.response_type).toBe('ephemeral');
    expect(res.body!.text).toContain('`/deploy APP[/REF] [to ENV] [force] [noop] [task=NAME] [key=value …]`');
    expect(res.body!.text).toContain(
      '• *api* (backend): staging, review (per branch), gated (asks to confirm), health',
    );
    expect(res.body!.text).toContain('• *web*: staging');
    expect(res.body!.text).toContain('• *ghost*: staging');
    expect(await jobCount(h.queues.commands)).toBe(0);
  });
});

describe('POST /slack/commands: valid commands are enqueued', () => {
  it('enqueues a deploy with canonical names, the job name and a deterministic id', async () => {
    const res = await h.command('BACKEND/feature-x to STG noop task=migrate region=eu', {
      user_id: 'U0ALICE',
      user_name: 'alice',
    });
    expect(res.body).toEqual({
      response_type: 'ephemeral',
      text: 'On it: deploy api/feature-x to staging (task migrate, dry run).',
    });
    const job = await h.queues.commands.getJob(`slack-${res.trigger.replace(/[^A-Za-z0-9_.-]/g, '_')}`);
    expect(job?.name).toBe('deploy');
    expect(job?.data).toMatchObject({
      trigger_id: res.trigger,
      channel_id: 'C0DEPLOYS',
      requester: { slack_user_id: 'U0ALICE', name: 'alice' },
      command: {
        action: 'deploy',
        app: 'api',
        ref: 'feature-x',
        environment: 'staging',
        noop: true,
        force: false,
        task: 'migrate',
        params: { region: 'eu' },
      },
    });
  });

  it('lets a user-group member through to the worker when the group is not cached yet', async () => {
    const res = await h.command('api to prod', { user_id: 'U0CAROL' });
    expect(res.body!.text).toBe('On it: deploy api to production.');
    expect(await jobCount(h.queues.commands)).toBe(1);
  });

  it('on a confirm environment, enqueues the command and says a confirmation is needed', async () => {
    const res = await h.command('api to gated');
    expect(res.body).toEqual({
      response_type: 'ephemeral',
      text: 'On it: deploy api to gated. It needs a confirmation: press Confirm in the channel within 5 minutes.',
    });
    expect(await jobCount(h.queues.commands)).toBe(1);
  });

  it('serves /healthz, /readyz (503 without a worker) and /metrics', async () => {
    expect((await h.inject({ url: '/healthz' })).statusCode).toBe(200);
    const ready = await h.inject({ url: '/readyz' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json()).toEqual({ status: 'unavailable', checks: { redis: true, worker: false } });
    h.startWorker();
    expect((await h.inject({ url: '/readyz' })).statusCode).toBe(200);
    expect((await h.inject({ url: '/metrics' })).body).toContain('chatops_http_request_duration_seconds');
  });
});
