import { jobId, type DialogJob } from '@chatops/shared/contracts';
import type { RefList } from '../ports.js';

/**
 * A repository's cached refs are read again from GitHub when older than this: a branch pushed a
 * moment ago is offered (and accepted) within half a minute, for one paginated list per repository.
 */
const REFS_FRESH_MS = 30_000;

/** Whether the cached refs should be read again. Pure. */
export function refsStale(refs: RefList | null, nowMs: number): boolean {
  return !refs || nowMs - refs.fetchedAt >= REFS_FRESH_MS;
}

/** The refresh job of a repository and its id: one per repository and half minute. Pure. */
export function refreshRefsJob(repository: string, nowMs: number): { job: DialogJob; id: string } {
  return {
    job: { kind: 'refresh-refs', repository },
    id: jobId('refs', repository, Math.floor(nowMs / REFS_FRESH_MS)),
  };
}
