import { describe, expect, it } from '@jest/globals';
import type { HomeUpdateJob } from '@chatops/shared/contracts';
import { viewErrors } from '@chatops/testkit';
import { renderHomeView, type HomeApp } from '../../src/render/home-view.js';

const T0 = Date.parse('2026-05-01T12:00:00Z');
const HOSTILE = `x\`y <!channel> & <@U0EVE|eve> *b* ${'ü'.repeat(400)}`;
const name63 = (prefix: string, i: number) => `${prefix}${i}-${'n'.repeat(60)}`.slice(0, 63);

const deployment = (id: number, state: HomeUpdateJob['state']): HomeUpdateJob => ({
  app: 'api',
  repository: 'acme/api',
  environment: 'staging',
  github_environment: HOSTILE.slice(0, 200),
  deployment_id: id,
  status_id: id,
  state,
  ref: HOSTILE,
  sha: 'f'.repeat(40),
  task: 'deploy',
  requester: { name: HOSTILE, github_login: HOSTILE },
  log_url: `https://ci.example/${'p'.repeat(480)}`,
  created_at: new Date(T0 - 60_000).toISOString(),
  updated_at: new Date(T0 - 30_000).toISOString(),
});

describe("the Home tab within Slack's limits, cut rather than refused", () => {
  it('200 apps of 5 environments, long names, hostile refs and reasons, every button', () => {
    const deployments = [
      ...Array.from({ length: 12 }, (_, i) => deployment(100 - i, 'queued')),
      deployment(80, 'in_progress'),
      deployment(70, 'failure'),
      deployment(60, 'success'),
    ];
    const apps: HomeApp[] = Array.from({ length: 200 }, (_, i) => ({
      name: name63('app', i),
      repository: `${'o'.repeat(39)}/${name63('repo', i)}`,
      environments: Array.from({ length: 5 }, (_, j) => ({
        name: name63('env', j),
        production: j === 0,
        deployments,
        lock: {
          repository: 'acme/api',
          environment: 'staging',
          holder: { slack_user_id: 'U0ALICE', name: HOSTILE },
          reason: HOSTILE,
          locked_at: new Date(T0).toISOString(),
          expires_at: new Date(T0 + 3_600_000).toISOString(),
        },
        lockWaiting: Array.from({ length: 30 }, (_, k) => ({
          holder: { slack_user_id: `U0W${k}`, name: HOSTILE },
          reason: HOSTILE,
          queued_at: new Date(T0).toISOString(),
        })) as never,
        freeze: {
          frozen: true,
          until: T0 + 3_600_000,
          by: { reason: HOSTILE },
        } as never,
        actions: ['deploy', 'rollback', 'lock', 'unlock', 'cancel'],
      })),
    }));
    const view = renderHomeView({ userId: 'U0BOB', apps, hidden: 5, nowMs: T0, command: '/deploy' });
    // the fake Slack's own rules for views.publish (100 blocks, section text 3000, buttons, 250 kB, …)
    expect(viewErrors(view, 'home')).toEqual([]);
    expect(Buffer.byteLength(JSON.stringify(view))).toBeLessThan(250 * 1024);
    const json = JSON.stringify(view);
    expect(json).not.toContain('<!channel>');
    expect(json).not.toContain('<@U0EVE');
    expect(view.blocks.at(-1)).toMatchObject({ type: 'context' });
  });
});
