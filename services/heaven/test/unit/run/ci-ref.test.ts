import { describe, expect, it } from '@jest/globals';
import { ciRefOf, resolveCiRef } from '../../../src/run/ci-ref.js';
import { resolveRun, type RunContext } from '../../../src/run/run-context.js';
import { signedChatops } from '../../helpers/chatops.js';
import { deploymentJob, unitRunDeps } from '../../helpers/run-deps.js';

const SHA = 'c'.repeat(40);

describe('ciRefOf', () => {
  it.each([
    ['branch', 'feat/x', { branch: 'feat/x' }],
    ['tag', 'v1.2.0', { tag: 'v1.2.0' }],
    ['commit', SHA, null],
    // A branch named like a sha is a branch: GitHub says so, not the look of the string.
    ['branch', SHA, { branch: SHA }],
  ] as const)('%s %s → %j', (kind, ref, expected) => {
    expect(ciRefOf(kind, ref)).toEqual(expected);
  });
});

describe('resolveCiRef', () => {
  const runOf = (t: ReturnType<typeof unitRunDeps>, ref: string, signed = false, branch = 'release/1.2') => {
    const job = deploymentJob({ ref, sha: SHA });
    const chatops = signed
      ? signedChatops({ repository: 'acme/api', environment: 'staging', ref, task: 'deploy' }, { branch })
      : null;
    return resolveRun(job, chatops, t.deps) as RunContext;
  };

  it('builds a branch as itself and a tag as a tag, asking GitHub which it is', async () => {
    const t = unitRunDeps({ github: { branches: { main: SHA, 'feat/x': SHA }, tags: ['v1.2.0'] } });
    expect(await resolveCiRef(t.github.port, runOf(t, 'feat/x'), undefined)).toEqual({ branch: 'feat/x' });
    expect(await resolveCiRef(t.github.port, runOf(t, 'v1.2.0'), undefined)).toEqual({ tag: 'v1.2.0' });
    expect(t.github.refLookups).toEqual(['feat/x', 'v1.2.0']);
  });

  it('builds the signed branch of a sha (a rollback), else the default branch (an auto-deploy)', async () => {
    const t = unitRunDeps({ github: { defaultBranch: 'trunk', branches: { trunk: SHA, 'release/1.2': SHA } } });
    expect(await resolveCiRef(t.github.port, runOf(t, SHA, true), undefined)).toEqual({ branch: 'release/1.2' });
    expect(await resolveCiRef(t.github.port, runOf(t, SHA), undefined)).toEqual({ branch: 'trunk' });
  });

  it('builds the signed tag of a sha as a tag, and a branch deleted since as the default branch', async () => {
    const t = unitRunDeps({ github: { defaultBranch: 'trunk', branches: { trunk: SHA }, tags: ['v1.2'] } });
    expect(await resolveCiRef(t.github.port, runOf(t, SHA, true, 'v1.2'), undefined)).toEqual({ tag: 'v1.2' });
    // the branch the commit came from is gone: the default branch is built, never a missing branch
    expect(await resolveCiRef(t.github.port, runOf(t, SHA, true, 'feat/gone'), undefined)).toEqual({
      branch: 'trunk',
    });
  });

  it('builds a ref the bot signed as a branch (the default branch it deployed) without asking GitHub', async () => {
    const t = unitRunDeps({ github: { branches: { main: SHA } } });
    expect(await resolveCiRef(t.github.port, runOf(t, 'main', true, 'main'), undefined)).toEqual({ branch: 'main' });
    expect(t.github.refLookups).toEqual([]);
    // unsigned, the same ref is looked up
    expect(await resolveCiRef(t.github.port, runOf(t, 'main'), undefined)).toEqual({ branch: 'main' });
    expect(t.github.refLookups).toEqual(['main']);
  });

  it('builds the branch the config names, without asking GitHub', async () => {
    const t = unitRunDeps();
    expect(await resolveCiRef(t.github.port, runOf(t, SHA), 'deploy')).toEqual({ branch: 'deploy' });
    expect(t.github.refLookups).toEqual([]);
  });
});
