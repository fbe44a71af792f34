import { describe, expect, it } from '@jest/globals';
import { autoDeploy } from '../../../src/run/auto-deploy.js';
import { unitRunDeps } from '../../helpers/run-deps.js';

const HEAD = 'a'.repeat(40);

describe('autoDeploy', () => {
  it('deploys a green default-branch head to each auto_deploy environment running an older commit, once', async () => {
    const t = unitRunDeps({
      github: { green: new Set([HEAD]), deployments: { production: [{ id: 1, sha: 'c'.repeat(40), task: 'deploy' }] } },
    });
    expect(await autoDeploy({ repository: 'acme/api', sha: HEAD }, t.deps)).toEqual(['production']);
    expect(t.github.created).toEqual([
      {
        repo: { owner: 'acme', repo: 'api' },
        ref: HEAD,
        environment: 'production',
        task: 'deploy',
        description: 'auto-deploy of main at aaaaaaa',
        transient: false,
        production: true,
      },
    ]);
    expect(await autoDeploy({ repository: 'acme/api', sha: HEAD }, t.deps)).toEqual([]);
    expect(t.github.created).toHaveLength(1);
  });

  it('does not deploy a commit not the head, not green, already deployed or older, or past a lock', async () => {
    const t = unitRunDeps({ github: { green: new Set(['d'.repeat(40)]) } });
    expect(await autoDeploy({ repository: 'acme/api', sha: 'd'.repeat(40) }, t.deps)).toEqual([]);
    t.github.state.green.delete('d'.repeat(40));
    expect(await autoDeploy({ repository: 'acme/api', sha: HEAD }, t.deps)).toEqual([]);
    t.github.state.green.add(HEAD);
    t.github.state.deployments.production = [{ id: 1, sha: HEAD, task: 'deploy' }];
    expect(await autoDeploy({ repository: 'acme/api', sha: HEAD }, t.deps)).toEqual([]);
    t.github.state.deployments.production = [{ id: 1, sha: 'e'.repeat(40), task: 'deploy' }];
    t.github.state.compare[`${'e'.repeat(40)}...${HEAD}`] = 'behind';
    expect(await autoDeploy({ repository: 'acme/api', sha: HEAD }, t.deps)).toEqual([]);
    t.github.state.deployments.production = [];
    await t.locks.acquire({
      repository: 'acme/api',
      environment: 'production',
      holder: { slack_user_id: 'U0ALICE', name: 'alice' },
      reason: 'freeze',
      locked_at: '2026-11-26T09:00:00Z',
    });
    expect(await autoDeploy({ repository: 'acme/api', sha: HEAD }, t.deps)).toEqual([]);
    expect(t.github.created).toEqual([]);
  });

  it('forgets its once-key when GitHub creates nothing, so the next green news tries again', async () => {
    const t = unitRunDeps({ github: { green: new Set([HEAD]) } });
    t.github.port.createDeployment = async () => null;
    expect(await autoDeploy({ repository: 'acme/api', sha: HEAD }, t.deps)).toEqual([]);
    expect(t.once.keys.size).toBe(0);
  });
});
