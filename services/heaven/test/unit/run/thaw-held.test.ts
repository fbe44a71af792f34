import { describe, expect, it } from '@jest/globals';
import { autoDeploy } from '../../../src/run/auto-deploy.js';
import { thawHeld } from '../../../src/run/thaw-held.js';
import { unitRunDeps } from '../../helpers/run-deps.js';

const HEAD = 'a'.repeat(40);
// The unit clock starts Thursday 2026-11-26 10:00 UTC: inside this freeze, which ends at 12:00.
const CONFIG = `
apps:
  api:
    repository: acme/api
    circleci: { project_slug: gh/acme/api }
    environments:
      production:
        auto_deploy: true
        freezes: [{ from: '2026-11-26 09:00', to: '2026-11-26 12:00', reason: Release }]
`;

describe('auto-deploy held by a freeze', () => {
  it('holds the auto-deploy while frozen; once the freeze ended, deploys the newest green head once', async () => {
    const t = unitRunDeps({ config: CONFIG, github: { green: new Set([HEAD]) } });
    expect(await autoDeploy({ repository: 'acme/api', sha: HEAD }, t.deps)).toEqual([]);
    expect([...t.held.held.values()]).toEqual([{ repository: 'acme/api', app: 'api', environment: 'production' }]);
    expect(await thawHeld(t.deps)).toEqual([]);
    expect(t.held.held.size).toBe(1);
    t.clock.ms = Date.parse('2026-11-26T12:00:00Z');
    expect(await thawHeld(t.deps)).toEqual(['production']);
    expect(t.github.created).toMatchObject([{ ref: HEAD, environment: 'production' }]);
    expect(t.held.held.size).toBe(0);
    expect(await thawHeld(t.deps)).toEqual([]);
    expect(t.github.created).toHaveLength(1);
  });

  it('an ad-hoc freeze holds it as well, and a hold whose deployment failed is held again', async () => {
    const t = unitRunDeps({ github: { green: new Set([HEAD]) } });
    await t.freezes.set(
      {
        app: 'api',
        environment: null,
        reason: 'incident',
        until: '2026-11-26T11:00:00.000Z',
        by: { slack_user_id: 'U0ALICE', name: 'alice' },
        at: '2026-11-26T09:00:00.000Z',
      },
      t.clock.ms,
    );
    expect(await autoDeploy({ repository: 'acme/api', sha: HEAD }, t.deps)).toEqual([]);
    expect(t.held.held.size).toBe(1);
    t.clock.ms = Date.parse('2026-11-26T11:00:00Z');
    t.github.port.defaultBranchHead = async () => {
      throw new Error('GitHub is away');
    };
    expect(await thawHeld(t.deps)).toEqual([]);
    expect(t.held.held.size).toBe(1);
    expect(t.logs.some((l) => l.msg === 'held auto-deploy failed; trying again at the next look')).toBe(true);
  });
});
