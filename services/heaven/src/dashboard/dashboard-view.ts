import type { EnvironmentLock, FreezeTime, LockWaiter } from '@chatops/shared/contracts';
import type { HistoryEntry } from '../ports.js';

/** One deployment as the dashboard shows it while it runs or waits. */
export type LiveDeployment = { id: number; ref: string; startedAt: number | null; logUrl: string | null };

/** What runs in an environment: its newest successful deployment in chatops' records. */
export type DeployedView = { id: number; ref: string; sha: string; finishedAt: number; requester: string | null };

/** One app and environment (one line of deployments). */
export type EnvironmentView = {
  environment: string;
  /** null: none recorded (or a branch environment, whose records are its config environment's). */
  deployed: DeployedView | null;
  lock: EnvironmentLock | null;
  /** The people waiting for the lock, first first. */
  lockLine: LockWaiter[];
  /** Freezes holding now or still to come (config and chat), soonest first. */
  freezes: FreezeTime[];
  running: LiveDeployment | null;
  waiting: LiveDeployment[];
  history: HistoryEntry[];
};

export type AppView = { app: string; repository: string; environments: EnvironmentView[] };

/** Everything GET /dashboard shows, read from Redis; `github` is GitHub's web address for links. */
export type DashboardView = { generatedAt: number; github: string; apps: AppView[] };
