import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startStack, type Stack } from '@chatops/sandbox';
import { FakeOtlp, waitFor, type CollectedSpan } from '@chatops/testkit';
import { apiConfig } from './support/api-config.js';

// Issue 18, "tracing": one deployment is one trace across the three processes, configured only by the
// standard OTEL_* variables, exported over OTLP to a collector that keeps the spans in memory.
describe('one trace for one deployment across the bot, heaven and the notifier', () => {
  const collector = new FakeOtlp();
  let stack: Stack;
  let spans: CollectedSpan[] = [];

  beforeAll(async () => {
    await collector.start();
    const otel = {
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    };
    stack = await startStack({
      config: apiConfig(),
      repos: [{ name: 'acme/api', defaultBranch: 'main' }],
      users: [{ id: 'U0ALICE', name: 'alice' }],
      circlePlan: () => ({ workflows: [{ name: 'deploy', status: 'success', durationMs: 200 }] }),
      env: {
        bot: otel,
        heaven: { ...otel, HEAVEN_POLL_INTERVAL_MS: '200', HEAVEN_POLL_MAX_MS: '500' },
        notifier: otel,
      },
    });
    await stack.slash('api/main to staging', { user_id: 'U0ALICE', user_name: 'alice', channel_id: 'C0DEPLOYS' });
    const deployment = await waitFor(() => stack.github.deployments[0], 'the deployment', 20_000);
    await waitFor(
      () => stack.github.statusesOf(deployment.id).find((s) => s.state === 'success'),
      'the success status',
      30_000,
    );
    // The notifier's last Slack update of the deployment, exported: the trace is whole.
    const command = await waitFor(
      () => collector.spans.find((s) => s.service === 'chatops-bot' && s.name === 'POST /slack/commands'),
      'the slash command span',
      20_000,
    );
    await waitFor(
      () =>
        collector
          .trace(command.traceId)
          .filter((s) => s.service === 'chatops-notifier' && s.name.startsWith('Slack chat.')).length >= 2,
      'the notifier spans of the created and the finished deployment',
      20_000,
    );
    spans = collector.trace(command.traceId);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await collector.stop();
  }, 60_000);

  const named = (service: string, prefix: string) =>
    spans.filter((s) => s.service === `chatops-${service}` && s.name.startsWith(prefix)).map((s) => s.name);

  it("holds the bot's request, job and GitHub call", () => {
    expect(named('bot', 'POST /slack/commands')).toEqual(['POST /slack/commands']);
    expect(named('bot', 'process chat-commands').length).toBeGreaterThanOrEqual(1);
    expect(named('bot', 'GitHub POST /repos/{owner}/{repo}/deployments')).toEqual([
      'GitHub POST /repos/{owner}/{repo}/deployments',
    ]);
  });

  it("holds heaven's deployment job, the CI trigger and follow, and the statuses it posted", () => {
    expect(named('heaven', 'deployments ').length).toBeGreaterThanOrEqual(1);
    expect(named('heaven', 'CircleCI POST /project/{project-slug}/pipeline')).toEqual([
      'CircleCI POST /project/{project-slug}/pipeline',
    ]);
    // The follow: heaven's later looks at the pipeline (each a run of the deployment's job) stay in the trace.
    expect(named('heaven', 'CircleCI GET /pipeline/{pipeline-id}/workflow').length).toBeGreaterThanOrEqual(1);
    expect(named('heaven', 'GitHub POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses').length).toBe(
      stack.github.statusesOf(stack.github.deployments[0]!.id).length,
    );
  });

  it("holds the notifier's job and its Slack messages", () => {
    expect(named('notifier', 'notifications ').length).toBeGreaterThanOrEqual(2);
    expect(named('notifier', 'Slack chat.').length).toBeGreaterThanOrEqual(2);
  });

  it('links the webhook deliveries that brought the work to heaven and the notifier', () => {
    const linked = spans.filter((s) => s.links.length > 0 && s.service !== 'chatops-bot');
    expect(linked.length).toBeGreaterThanOrEqual(1);
    for (const s of linked) expect(s.links[0]!.traceId).not.toBe(s.traceId);
  });

  it('names spans by templates: no repository, ref or id in a span name', () => {
    for (const s of spans) expect(s.name).not.toMatch(/acme|\/main\b|\/\d+/);
  });
});
