import { describe, expect, it } from '@jest/globals';
import fc from 'fast-check';
import { deploymentViewSchema, type DeploymentView } from '../../src/deployments/deployment-view.js';
import { githubLinks } from '../../src/render/github-links.js';
import { renderDeploymentMessage } from '../../src/render/render-deployment-message.js';
import { renderDeploymentResult } from '../../src/render/render-deployment-result.js';

// Property-based: the renderers take whatever a deployment carries (refs, descriptions, names and
// URLs come from GitHub payloads anyone with push access writes) and never throw, stay within
// Slack's limits, and never let text ping a channel; the stored view round-trips through JSON.
const links = githubLinks('https://github.example.com');
const text = fc.oneof(
  fc.string({ maxLength: 300 }),
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.constantFrom(
    '<!channel>',
    '<!here|here>',
    '<@U0ALICE>',
    '*bold*',
    '`x`',
    '&lt;',
    'a'.repeat(5000),
    '\u202eevil',
    '\u0000\u0007',
  ),
);
const iso = fc.oneof(
  fc
    .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
    .map((d) => d.toISOString()),
  text,
);
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });

const view: fc.Arbitrary<DeploymentView> = fc
  .record({
    deploymentId: fc.integer(),
    repository: text,
    app: text,
    environment: text,
    ref: text,
    sha: text,
    task: text,
    production: fc.boolean(),
    noop: fc.boolean(),
    forced: fc.boolean(),
    rollbackOf: maybe(fc.integer()),
    requester: fc.record({ slackUserId: text, name: text, githubLogin: text }, { requiredKeys: [] }),
    state: fc.oneof(
      fc.constantFrom('pending', 'queued', 'waiting', 'in_progress', 'success', 'failure', 'error', 'inactive'),
      text,
    ),
    description: maybe(text),
    logUrl: maybe(fc.oneof(fc.webUrl(), text)),
    environmentUrl: maybe(fc.oneof(fc.webUrl(), text)),
    previousSha: maybe(text),
    timeline: fc.record({ requested: iso, queued: iso, started: iso, finished: iso }, { requiredKeys: ['requested'] }),
    health: fc.option(fc.record({ healthy: fc.boolean(), text }), { nil: undefined }),
    superseded: fc.boolean(),
    appliedStatusIds: fc.array(fc.integer(), { maxLength: 5 }),
  })
  .map((v) => (v.health === undefined ? (({ health: _h, ...rest }) => rest)(v) : v) as DeploymentView);

const blockTexts = (blocks: unknown[] = []): string[] =>
  JSON.stringify(blocks).match(/"text":"(?:[^"\\]|\\.)*"/g) ?? [];

describe('deployment message renderers under any input', () => {
  it('never throw, stay under 4,000 characters and 10 blocks, and never let text ping a channel', () => {
    fc.assert(
      fc.property(view, (v) => {
        for (const render of [renderDeploymentMessage, renderDeploymentResult]) {
          const body = render(v, links);
          expect(typeof body.text).toBe('string');
          expect(body.text.length).toBeLessThanOrEqual(4000);
          expect((body.blocks ?? []).length).toBeLessThanOrEqual(10);
          expect(JSON.stringify(body)).not.toMatch(/<!(channel|here|everyone)/);
          for (const t of blockTexts(body.blocks)) expect(t.length).toBeLessThanOrEqual(3000 + 10);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('a view the schema accepts round-trips through JSON (as stored in Redis) unchanged', () => {
    fc.assert(
      fc.property(view, (v) => {
        const parsed = deploymentViewSchema.parse(v);
        expect(deploymentViewSchema.parse(JSON.parse(JSON.stringify(parsed)))).toEqual(parsed);
      }),
      { numRuns: 300 },
    );
  });
});
