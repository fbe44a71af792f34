import { describe, expect, it } from '@jest/globals';
import { handleCiEvent } from '../../../src/run/ci-news.js';
import { unitRunDeps } from '../../helpers/run-deps.js';

describe('handleCiEvent', () => {
  it('wakes the deployment a CI run belongs to, and notes news of a run not recorded yet', async () => {
    const t = unitRunDeps();
    await t.runs.store.saveRun(31, { provider: 'circleci', id: 'pipe-1', logUrl: '' }, 0, ['pipe-1']);
    expect(await handleCiEvent({ kind: 'circleci-workflow', pipeline_id: 'pipe-1', status: 'success' }, t.deps)).toBe(
      31,
    );
    expect(await handleCiEvent({ kind: 'circleci-workflow', pipeline_id: 'pipe-2' }, t.deps)).toBeNull();
    expect(await t.runs.store.saveRun(32, { provider: 'circleci', id: 'pipe-2', logUrl: '' }, 0, ['pipe-2'])).toBe(
      true,
    );
    expect(t.woken).toEqual([31]);
  });

  it('finds an Actions run by its title when its id is not recorded yet', async () => {
    const t = unitRunDeps();
    expect(await handleCiEvent({ kind: 'workflow-run', run_id: 77, title: 'deploy 4242' }, t.deps)).toBe(4242);
    expect(await handleCiEvent({ kind: 'workflow-run', run_id: 78, title: 'nightly' }, t.deps)).toBeNull();
    expect(t.woken).toEqual([4242]);
  });

  it('hands a green commit to auto-deploy', async () => {
    const t = unitRunDeps({ github: { green: new Set(['a'.repeat(40)]) } });
    expect(await handleCiEvent({ kind: 'commit-green', repository: 'acme/api', sha: 'a'.repeat(40) }, t.deps)).toEqual([
      'production',
    ]);
  });
});
