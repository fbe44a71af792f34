import type { CiRun } from './ci-provider.js';

/** heaven's record of one run (one deployment as heaven handles it). */
export type RunRecord = {
  id: number;
  line: string;
  phase: 'waiting' | 'running' | 'done';
  claimed: boolean;
  run: CiRun | null;
  startedAt: number | null;
  progressAt: number | null;
  polls: number;
  lastStatus: string | null;
  /** A status about to be posted: if it differs from lastStatus, a crash may have cut the post short. */
  pendingStatus: string | null;
  cancel: { slack_user_id: string; name: string } | null;
  ref: string;
};

/** One finished deployment as the dashboard shows it. */
export type HistoryEntry = {
  id: number;
  ref: string;
  outcome: string;
  description: string;
  logUrl: string | null;
  finishedAt: number;
  requester: string | null;
};

/** A deployment's place in its line: it runs (it is the runner), or waits for the one ahead. */
export type Place = { started: true } | { started: false; ahead: number };

/**
 * Runs and lines. A line (repository:environment) is the order of its deployments; one of them, the
 * runner, runs. Lines, their history and the records of finished runs expire after a while without
 * activity.
 */
export interface RunStore {
  read(id: number): Promise<RunRecord | null>;
  /** Creates the record and joins the line, once; a record that already has a phase is left as it is. */
  enter(id: number, line: string, ref: string): Promise<RunRecord>;
  /** Takes the runner's place when this deployment is first in line (or already holds it). */
  tryStart(id: number, line: string): Promise<Place>;
  runner(line: string): Promise<number | null>;
  /** Frees the runner's place held by a deployment that is gone (watchdog). */
  clearRunner(line: string, id: number): Promise<void>;
  /** The trigger claim: true once per deployment, ever. */
  claimTrigger(id: number): Promise<boolean>;
  /** Gives the claim back when the CI said for sure it did not start anything. */
  unclaimTrigger(id: number): Promise<void>;
  /**
   * Records the CI run and which deployment each of its keys belongs to. True when news of the run came
   * before (noted by `deploymentOfRunOrNote`): the caller looks again at once.
   */
  saveRun(id: number, run: CiRun, nowMs: number, keys: string[]): Promise<boolean>;
  progress(id: number, nowMs: number): Promise<void>;
  setLastStatus(id: number, status: string): Promise<void>;
  setPendingStatus(id: number, status: string): Promise<void>;
  requestCancel(id: number, by: { slack_user_id: string; name: string }): Promise<void>;
  /** The deployment a CI run belongs to; the news is noted too, for a run whose record is not saved yet. */
  deploymentOfRunOrNote(key: string): Promise<number | null>;
  /** The line's deployments in order (at most `limit`). */
  members(line: string, limit?: number): Promise<number[]>;
  leaveLine(id: number, line: string): Promise<void>;
  /** Ends the run: done, out of the line, runner's place freed. */
  finish(id: number, line: string): Promise<void>;
  /** The lines with the most recent activity first (at most `limit`). */
  lines(limit: number): Promise<string[]>;
  addHistory(line: string, entry: HistoryEntry): Promise<void>;
  /** The last finished runs of a line, newest first. */
  history(line: string): Promise<HistoryEntry[]>;
}

/** An auto-deploy a freeze holds: when the freeze ends, the newest green head goes there once. */
export type HeldAutoDeploy = { repository: string; app: string; environment: string };

/** Auto-deploys held by a freeze, one per repository and environment. */
export interface HeldAutoDeploys {
  /** Holds it (again) while the freeze lasts, until `untilMs` by the clock's `nowMs`. */
  hold(held: HeldAutoDeploy, untilMs: number, nowMs: number): Promise<void>;
  list(): Promise<HeldAutoDeploy[]>;
  /** Takes it: true for one caller only (of every heaven). */
  take(repository: string, environment: string): Promise<boolean>;
}

/** Keys set once (SET NX with a lifetime): auto-deploys, the failed-job sweep. */
export interface OnceKeys {
  once(kind: string, id: string, ttlS: number): Promise<boolean>;
  forget(kind: string, id: string): Promise<void>;
}

/** Failed admin logins per client address. */
export interface LoginLimiter {
  /** Seconds until this address may try again; 0 when it may try now. */
  retryAfterS(address: string): Promise<number>;
  recordFailure(address: string): Promise<void>;
}
