import type { DeploymentRecord } from './deployment-record.js';

const DAY_MS = 24 * 3600_000;

/** The windows chatops reports on (days). */
export const DORA_WINDOWS = [7, 30, 90] as const;

/** A production deployment followed by a rollback or a fix within this is a change failure (default). */
export const DEFAULT_FAILURE_WINDOW_MS = DAY_MS;

/** A fix: a deployment of a ref like `hotfix/x`, `fix-y`, `release/hotfix-z` (default). */
export const DEFAULT_FIX_REF = /\b(hot)?fix(es)?[-/_]/i;

export type DoraOptions = {
  app: string;
  environment: string;
  windowDays: number;
  /** ms since the epoch: the window is (now − windowDays, now]. */
  now: number;
  /** A success followed within this by a rollback of it or by a fix counts as a change failure. */
  failureWindowMs?: number;
  /** Which refs are fixes. */
  fixRef?: RegExp;
};

/** The four figures over one window. Times in seconds; null where nothing was measured. */
export type DoraFigures = {
  /** Deployment frequency: successful deployments finished in the window. */
  deployments: number;
  perDay: number;
  perWeek: number;
  /** Lead time for changes: each commit a successful deployment brought, committed → deployed. */
  leadTime: { changes: number; deployments: number; medianS: number | null; p90S: number | null };
  /** Change failure rate: of the deployments that ran (started, ended), those that failed or needed a rollback/fix. */
  changeFailure: { deployments: number; failed: number; rate: number | null };
  /** Failed deployment recovery time: a failure or rollback → the next success. Open ones are counted apart. */
  recovery: { recovered: number; medianS: number | null; open: number; openSinceMs: number | null };
};

export type DoraTrend = 'up' | 'down' | 'same' | 'unknown';

export type DoraReport = {
  app: string;
  environment: string;
  windowDays: number;
  fromMs: number;
  toMs: number;
  current: DoraFigures;
  /** The window of the same length just before. */
  previous: DoraFigures;
  /** Each figure against the previous window (up: bigger; whether that is better depends on the figure). */
  trend: { frequency: DoraTrend; leadTime: DoraTrend; changeFailureRate: DoraTrend; recoveryTime: DoraTrend };
};

/** For each figure, whether `up` is better. */
export const DORA_UP_IS_BETTER = {
  frequency: true,
  leadTime: false,
  changeFailureRate: false,
  recoveryTime: false,
} as const;

type Timed = DeploymentRecord & { finishedMs: number | null; requestedMs: number };

const ms = (iso: string | null): number | null => (iso === null ? null : Date.parse(iso));

/** A deployment that changes what runs: a `deploy` task (or `deploy:…`), not a noop. */
export function isCountedDeployment(r: DeploymentRecord): boolean {
  return !r.noop && /^deploy($|:)/.test(r.task);
}

/**
 * The four DORA figures (dora.dev) of one app and environment over the window `(now − windowDays,
 * now]` and the window before it, from chatops' records. Pure. `records` may hold any others: only
 * this app/environment's counted deployments are read, and those older than both windows matter only
 * as the start of a recovery or the subject of a rollback.
 *
 * - deployments: successes finished in the window; per day = n / days, per week = n / (days / 7).
 * - lead time: for successes finished in the window with changes, every commit's finish − committer date.
 * - change failure rate: deployments finished in the window that started (a refusal before the CI, a
 *   cancel, never changed anything) and failed (failure or error), or succeeded and were rolled back
 *   (a later deployment's `rollback_of`) or followed by a fix within the failure window.
 * - recovery: an incident starts at a failure's end, or at the request of a rollback of a success; it
 *   ends at the next success's end (a run of failures is one incident); incidents that started in the
 *   window count; one with no success since is open (never zero), in the current window too.
 */
export function computeDora(records: readonly DeploymentRecord[], opts: DoraOptions): DoraReport {
  const windowMs = opts.windowDays * DAY_MS;
  const mine = records
    .filter((r) => r.app === opts.app && r.environment === opts.environment && isCountedDeployment(r))
    .map((r): Timed => ({ ...r, finishedMs: ms(r.finished_at), requestedMs: Date.parse(r.requested_at) }))
    .sort((a, b) => a.requestedMs - b.requestedMs || a.deployment_id - b.deployment_id);
  const fromMs = opts.now - windowMs;
  const current = figures(mine, fromMs, opts.now, opts);
  const previous = figures(mine, fromMs - windowMs, fromMs, opts);
  return {
    app: opts.app,
    environment: opts.environment,
    windowDays: opts.windowDays,
    fromMs,
    toMs: opts.now,
    current,
    previous,
    trend: {
      frequency: trendOf(current.deployments, previous.deployments),
      leadTime: trendOf(current.leadTime.medianS, previous.leadTime.medianS),
      changeFailureRate: trendOf(current.changeFailure.rate, previous.changeFailure.rate),
      recoveryTime: trendOf(current.recovery.medianS, previous.recovery.medianS),
    },
  };
}

function trendOf(now: number | null, before: number | null): DoraTrend {
  if (now === null || before === null) return 'unknown';
  return now > before ? 'up' : now < before ? 'down' : 'same';
}

const inWindow = (t: number | null, from: number, to: number): t is number => t !== null && t > from && t <= to;

function figures(all: Timed[], from: number, to: number, opts: DoraOptions): DoraFigures {
  const days = (to - from) / DAY_MS;
  const successes = all.filter((r) => r.state === 'success' && inWindow(r.finishedMs, from, to));
  const leads: number[] = [];
  let leadDeployments = 0;
  for (const r of successes) {
    if (!r.changes || r.changes.commit_times.length === 0) continue;
    leadDeployments += 1;
    for (const t of r.changes.commit_times) leads.push(Math.max(0, r.finishedMs! - Date.parse(t)) / 1000);
  }
  const ran = all.filter(
    (r) =>
      r.started_at !== null && ['success', 'failure', 'error'].includes(r.state) && inWindow(r.finishedMs, from, to),
  );
  const failed = ran.filter((r) => r.state !== 'success' || needed(all, r, opts)).length;
  const recovery = recoveries(all, from, to, opts.now);
  return {
    deployments: successes.length,
    perDay: successes.length / days,
    perWeek: successes.length / (days / 7),
    leadTime: {
      changes: leads.length,
      deployments: leadDeployments,
      medianS: quantile(leads, 0.5),
      p90S: quantile(leads, 0.9),
    },
    changeFailure: { deployments: ran.length, failed, rate: ran.length ? failed / ran.length : null },
    recovery,
  };
}

/** Whether a success was rolled back or followed by a fix within the failure window. */
function needed(all: Timed[], success: Timed, opts: DoraOptions): boolean {
  const until = success.finishedMs! + (opts.failureWindowMs ?? DEFAULT_FAILURE_WINDOW_MS);
  const fixRef = opts.fixRef ?? DEFAULT_FIX_REF;
  return all.some(
    (r) =>
      r.deployment_id !== success.deployment_id &&
      r.requestedMs >= success.finishedMs! &&
      r.requestedMs <= until &&
      (r.rollback_of === success.deployment_id || fixRef.test(r.ref)),
  );
}

/**
 * Incidents (a failure's end, a rollback's request) that started in the window, and their end (the next
 * success until `now`, even after the window); one not recovered by `now` is open, in the window it
 * started in and in the current window (ending at `now`) whenever it started.
 */
function recoveries(all: Timed[], from: number, to: number, now: number): DoraFigures['recovery'] {
  const byId = new Map(all.map((r) => [r.deployment_id, r]));
  // Events in time order: a start (failure ended, rollback of a success asked) or a recovery (success ended).
  const events: Array<{ at: number; start: boolean }> = [];
  for (const r of all) {
    if (r.finishedMs !== null && r.started_at !== null && (r.state === 'failure' || r.state === 'error'))
      events.push({ at: r.finishedMs, start: true });
    if (r.rollback_of !== null && byId.get(r.rollback_of)?.state === 'success')
      events.push({ at: r.requestedMs, start: true });
    if (r.state === 'success' && r.finishedMs !== null) events.push({ at: r.finishedMs, start: false });
  }
  events.sort((a, b) => a.at - b.at || Number(b.start) - Number(a.start));
  const times: number[] = [];
  let open: number | null = null;
  let openSince: number | null = null;
  let openCount = 0;
  for (const e of events) {
    if (e.at > now) break;
    if (e.start) {
      if (open === null && e.at <= to) open = e.at;
      continue;
    }
    if (open !== null && open > from) times.push((e.at - open) / 1000);
    open = null;
  }
  // Still open now: in the window it started in, and in the current one whenever it started (a
  // production broken for 8 days is not "no incident" over the last 7).
  if (open !== null && (open > from || to === now)) {
    openCount = 1;
    openSince = open;
  }
  return { recovered: times.length, medianS: quantile(times, 0.5), open: openCount, openSinceMs: openSince };
}

/** The q-quantile (nearest rank) of the values; null when there are none. */
export function quantile(values: readonly number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  if (q === 0.5 && sorted.length % 2 === 0) {
    const i = sorted.length / 2;
    return (sorted[i - 1]! + sorted[i]!) / 2;
  }
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
