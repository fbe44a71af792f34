import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { applyStatus } from '../../src/deployments/apply-status.js';
import { createDeploymentView } from '../../src/deployments/create-deployment-view.js';
import { deploymentViewSchema, type DeploymentView } from '../../src/deployments/deployment-view.js';
import type { ProbeResult, SlackMessageBody } from '../../src/ports.js';
import { fitBlockKit } from '@chatops/shared/runtime';
import { githubLinks } from '../../src/render/github-links.js';
import { renderDeploymentMessage } from '../../src/render/render-deployment-message.js';
import { renderDeploymentResult } from '../../src/render/render-deployment-result.js';
import { renderHealthAlert } from '../../src/render/render-health-alert.js';
import { renderProbeAnswer } from '../../src/render/render-probe-answer.js';
import { blockKitProblems, strayMarkup, textsOf } from '../helpers/block-kit-problems.js';
import { statusJob, testConfig } from '../helpers/jobs.js';

// Property-based: the renderers take whatever a deployment carries (refs, tasks, descriptions, user
// names, environment names and URLs come from GitHub, written by anyone with push access) and never
// throw, always pass Slack's Block Kit limits (long values are cut, not refused), and never let a
// value become markup (`<!channel>` in a branch name stays text).
const links = githubLinks('https://github.example.com');
const hostile = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(
    '<!channel>',
    '<!here|here>',
    '<@U0ALICE>',
    '<https://evil.example|click>',
    'feature/`x`<y>!@|z',
    '*bold* _it_ ~s~',
    '&lt;',
    '&'.repeat(20_000),
    '<!everyone>'.repeat(3000),
    'a'.repeat(50_000),
    '\uD83D\uDE80'.repeat(5000),
    '\u202eevil',
    '\u0000\u0007',
  ),
);
const iso = fc.oneof(
  fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  hostile,
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const url = fc.oneof(fc.webUrl(), hostile, fc.constant(`https://ci.example/${'p'.repeat(3000)}`));

const view: fc.Arbitrary<DeploymentView> = fc
  .record({
    deploymentId: fc.integer(),
    repository: hostile,
    app: hostile,
    environment: hostile,
    ref: hostile,
    sha: hostile,
    task: hostile,
    production: fc.boolean(),
    noop: fc.boolean(),
    forced: fc.boolean(),
    rollbackOf: maybe(fc.integer()),
    requester: fc.record(
      { slackUserId: fc.oneof(hostile, fc.constant('U0ALICE')), name: hostile, githubLogin: hostile },
      { requiredKeys: [] },
    ),
    state: fc.oneof(
      fc.constantFrom('pending', 'queued', 'waiting', 'in_progress', 'success', 'failure', 'error', 'inactive'),
      hostile,
    ),
    description: maybe(hostile),
    logUrl: maybe(url),
    environmentUrl: maybe(url),
    previousSha: maybe(hostile),
    timeline: fc.record({ requested: iso, queued: iso, started: iso, finished: iso }, { requiredKeys: ['requested'] }),
    health: fc.option(fc.record({ healthy: fc.boolean(), text: hostile }), { nil: undefined }),
    superseded: fc.boolean(),
    appliedStatusIds: fc.array(fc.integer(), { maxLength: 5 }),
  })
  .map((v) => (v.health === undefined ? (({ health: _h, ...rest }) => rest)(v) : v) as DeploymentView);

/** What Slack would get: within its limits, already fitted, and with no markup the notifier did not mean. */
function expectSendable(body: SlackMessageBody): void {
  expect(blockKitProblems(body)).toEqual([]);
  expect(fitBlockKit(body)).toEqual({ text: body.text, ...(body.blocks ? { blocks: body.blocks } : {}) });
  for (const text of textsOf(body)) expect(strayMarkup(text)).toEqual([]);
}

describe('every message the notifier sends, under any input', () => {
  it('deployment messages and results pass Block Kit limits and never let a value become markup', () => {
    fc.assert(
      fc.property(view, (v) => {
        expectSendable(renderDeploymentMessage(v, links));
        expectSendable(renderDeploymentResult(v, links));
      }),
      { numRuns: 400 },
    );
  });

  it('a deployment made of hostile GitHub values, through every status, stays sendable', () => {
    const config = testConfig();
    const state = fc.constantFrom('queued', 'in_progress', 'success', 'failure', 'error', 'inactive' as const);
    fc.assert(
      fc.property(
        fc.record({
          ref: hostile,
          task: hostile,
          environment: hostile,
          creator: hostile,
          description: hostile,
          logUrl: url,
        }),
        fc.array(state, { minLength: 1, maxLength: 4 }),
        (values, states) => {
          const job = (statusId: number, s: (typeof states)[number]) =>
            statusJob({
              ...values,
              ref: values.ref || 'x',
              task: values.task || 'x',
              environment: values.environment || 'x',
              statusId,
              state: s,
            });
          let v = createDeploymentView(job(1, 'queued'), null, config, null);
          states.forEach((s, i) => {
            v = applyStatus(v, job(i + 1, s).status).view;
            expectSendable(renderDeploymentMessage(v, links));
          });
          expectSendable(renderDeploymentResult(v, links));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('health alerts and probe answers pass too, whatever the names and the probe error say', () => {
    const result: fc.Arbitrary<ProbeResult> = fc.record(
      { healthy: fc.boolean(), status: fc.integer({ min: 100, max: 599 }), latencyMs: fc.nat(), error: hostile },
      { requiredKeys: ['healthy', 'latencyMs'] },
    );
    const target = fc.record({ app: hostile, environment: hostile, url, channel: fc.constant('C1') });
    const prev = fc.option(
      fc.record({ status: fc.constantFrom('up' as const, 'down' as const), failures: fc.nat(), since: fc.nat() }),
      { nil: null },
    );
    const alert = fc.constantFrom('down' as const, 'recovered' as const, 'reminder' as const);
    fc.assert(
      fc.property(target, alert, result, prev, hostile, (t, a, r, p, problem) => {
        expectSendable(renderHealthAlert(t, a, r, p, 1_800_000_000_000));
        expectSendable(renderProbeAnswer({ target: t, result: r }));
        expectSendable(renderProbeAnswer({ problem: `unknown app "${problem}"` }));
      }),
      { numRuns: 300 },
    );
  });

  it('a view the schema accepts round-trips through JSON (as stored in Redis) unchanged', () => {
    fc.assert(
      fc.property(view, (v) => {
        const parsed = deploymentViewSchema.parse(v);
        expect(deploymentViewSchema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
      }),
      { numRuns: 200 },
    );
  });
});
