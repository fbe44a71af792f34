import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, renderMessage, type Stack } from '@chatops/sandbox';
import { waitFor, type SlackMessage } from '@chatops/testkit';

// The three services run as separate processes from their built output (`npm test` builds first),
// against local fakes of Slack, GitHub and CircleCI that record what they receive and send signed
// webhooks in GitHub's and CircleCI's payload shapes.
const CONFIG = `
defaults: { environment: staging, channel: C0DEPLOYS }
apps:
  api:
    repository: acme/api
    provider: circleci
    circleci: { project_slug: gh/acme/api, parameters: { run_deploy: true } }
    channel: C0DEPLOYS
    environments:
      staging: { url: https://staging.api.acme.dev }
`;

const ALICE = { user_id: 'U0ALICE', user_name: 'alice', channel_id: 'C0DEPLOYS' };

const messageText = (m: SlackMessage) => [m.text, ...renderMessage(m)].join('\n');

describe('the whole deploy flow, three processes', () => {
  let stack: Stack;

  beforeAll(async () => {
    stack = await startStack({
      config: CONFIG,
      repos: [{ name: 'acme/api', defaultBranch: 'main', branches: { main: 'a'.repeat(40), broken: 'b'.repeat(40) } }],
      users: [{ id: 'U0ALICE', name: 'alice', real_name: 'Alice Liddell' }],
      circlePlan: (p) => ({
        workflows: [{ name: 'deploy', status: p.branch === 'broken' ? 'failed' : 'success', durationMs: 300 }],
      }),
      logLevel: 'debug',
    });
  }, 60_000);

  afterAll(async () => stack?.stop(), 60_000);

  const finalStatus = (id: number) =>
    stack.github.statusesOf(id).find((s) => ['success', 'failure', 'error'].includes(s.state));

  it('deploys: one deployment, one pipeline carrying it, in_progress then success, ' +
    'one Slack message updated to success', async () => {
    const reply = await stack.slash('api/main to staging', ALICE);
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ response_type: 'ephemeral' });

    const deployment = await waitFor(
      () => stack.github.deployments.find((d) => d.ref === 'main'),
      'the deployment',
      20_000,
    );
    expect(deployment).toMatchObject({ repository: 'acme/api', environment: 'staging', sha: 'a'.repeat(40) });
    expect(deployment.payload.chatops).toMatchObject({
      version: 1,
      app: 'api',
      requester: { slack_user_id: 'U0ALICE' },
    });

    const final = await waitFor(() => finalStatus(deployment.id), 'a final deployment status', 30_000);
    expect(final.state).toBe('success');
    const states = stack.github.statusesOf(deployment.id).map((s) => s.state);
    expect(states.indexOf('in_progress')).toBeGreaterThanOrEqual(0);
    expect(states.indexOf('in_progress')).toBeLessThan(states.indexOf('success'));
    expect(states).not.toContain('failure');

    expect(stack.circleci.pipelines).toHaveLength(1);
    const pipeline = stack.circleci.pipelines[0]!;
    expect(pipeline.projectSlug).toBe('gh/acme/api');
    const values = Object.values(pipeline.parameters).map(String);
    expect(values).toEqual(expect.arrayContaining([String(deployment.id), 'staging', 'a'.repeat(40)]));
    expect(pipeline.parameters.run_deploy).toBe(true);

    const top = await waitFor(
      () => {
        const msgs = stack.slack.messagesIn('C0DEPLOYS').filter((m) => !m.thread_ts);
        return msgs.length === 1 && /succe/i.test(messageText(msgs[0]!)) ? msgs : null;
      },
      'the Slack message to show success',
      20_000,
    );
    expect(top[0]!.updates).toBeGreaterThanOrEqual(1);
    expect(stack.slack.callsOf('chat.postMessage').filter((c) => !c.args.thread_ts)).toHaveLength(1);
  }, 60_000);

  it('fails: a failed workflow gives a failure status and a Slack message that says failed ' +
    'and links the pipeline', async () => {
    const reply = await stack.slash('api/broken to staging', ALICE);
    expect(reply.status).toBe(200);

    const deployment = await waitFor(
      () => stack.github.deployments.find((d) => d.ref === 'broken'),
      'the deployment',
      20_000,
    );
    const final = await waitFor(() => finalStatus(deployment.id), 'a final deployment status', 30_000);
    expect(final.state).toBe('failure');
    const pipeline = stack.circleci.pipelines.find((p) => p.branch === 'broken')!;
    const pipelineUrl = `https://app.circleci.com/pipelines/gh/acme/api/${pipeline.number}`;
    expect(final.log_url).toContain(pipelineUrl);

    const message = await waitFor(
      () => {
        const msgs = stack.slack.messagesIn('C0DEPLOYS').filter((m) => !m.thread_ts);
        const m = msgs.find((x) => x.ts !== msgs[0]!.ts && /fail/i.test(messageText(x)));
        return m ?? null;
      },
      'the Slack message to show the failure',
      20_000,
    );
    expect(JSON.stringify(message.blocks ?? message.text)).toContain(pipelineUrl);
    expect(stack.slack.messagesIn('C0DEPLOYS').filter((m) => !m.thread_ts)).toHaveLength(2);
  }, 60_000);

  it('keeps every secret out of every log line of every service', () => {
    const logs = Object.values(stack.services).flatMap((s) => s.logs);
    expect(logs.length).toBeGreaterThan(10);
    for (const [name, value] of Object.entries(stack.secrets)) {
      const leaks = logs.filter((l) => l.includes(value));
      expect({ name, leaks }).toEqual({ name, leaks: [] });
    }
  });
});
