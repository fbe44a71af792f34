import { describe, expect, it } from '@jest/globals';
import { postStatus } from '../../../src/run/post-status.js';
import { resolveRun, type RunContext } from '../../../src/run/run-context.js';
import { deploymentJob, unitRunDeps } from '../../helpers/run-deps.js';

describe('postStatus', () => {
  it('posts once, with environment_url, and not again for the same state and description', async () => {
    const t = unitRunDeps();
    const run = resolveRun(deploymentJob({ id: 5 }), null, t.deps) as RunContext;
    const record = await t.runs.store.enter(5, run.line, 'main');
    const status = {
      state: 'in_progress',
      description: 'CircleCI started pipeline #1',
      log_url: 'https://ci/1',
    } as const;
    await postStatus(t.deps, run, record, status);
    await postStatus(t.deps, run, (await t.runs.store.read(5))!, status);
    expect(t.github.posted.map((p) => p.status)).toEqual([
      { ...status, environment_url: 'https://staging.api.acme.dev' },
    ]);
  });

  it('clips the description to one line of 140 characters', async () => {
    const t = unitRunDeps();
    const run = resolveRun(deploymentJob({ id: 6 }), null, t.deps) as RunContext;
    await postStatus(t.deps, run, await t.runs.store.enter(6, run.line, 'main'), {
      state: 'error',
      description: `a\n${'b'.repeat(200)}`,
    });
    expect(t.github.posted[0]?.status.description).toBe(`a ${'b'.repeat(137)}…`);
  });

  it('after a crash between the post and its record, asks GitHub instead of posting twice', async () => {
    const t = unitRunDeps();
    const run = resolveRun(deploymentJob({ id: 7 }), null, t.deps) as RunContext;
    await t.runs.store.enter(7, run.line, 'main');
    await t.runs.store.setPendingStatus(7, 'success|done|');
    await t.github.port.createStatus(run.repo, 7, { state: 'success', description: 'done' });
    await postStatus(t.deps, run, (await t.runs.store.read(7))!, { state: 'success', description: 'done' });
    expect(t.github.posted).toHaveLength(1);
    expect((await t.runs.store.read(7))!.lastStatus).toBe('success|done|');
    await t.runs.store.setPendingStatus(7, 'failure|broke|');
    await postStatus(t.deps, run, (await t.runs.store.read(7))!, { state: 'failure', description: 'broke' });
    expect(t.github.posted.map((p) => p.status.state)).toEqual(['success', 'failure']);
  });
});
