import type { Handler, RecordedRequest, Reply } from './fake-server.js';
import type { FakeRepo } from './github-data.js';

/** A route handler of one repository (found by `owner`/`repo` of the path). */
type RepoHandler = (req: RecordedRequest, p: Record<string, string>, repo: FakeRepo) => Reply | Promise<Reply>;
/** Wraps a repository handler: an unknown repository is GitHub's 404. */
export type Guard = (fn: RepoHandler) => Handler;
