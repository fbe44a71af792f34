import {
  type AppsConfig,
  type DeploymentRecordStore,
  type FreezeStore,
  type FreezeTime,
  listFreezes,
  type LockStore,
} from '@chatops/shared/contracts';
import type { RunStore } from '../ports.js';
import type { AppView, DashboardView, DeployedView, EnvironmentView, LiveDeployment } from './dashboard-view.js';

export type DashboardSources = {
  apps: AppsConfig;
  store: Pick<RunStore, 'lines' | 'runner' | 'members' | 'read' | 'history'>;
  locks: LockStore;
  freezes: Pick<FreezeStore, 'list'>;
  /** chatops' deployment records: what runs in a configured environment (its last success). */
  records?: Pick<DeploymentRecordStore, 'lastSuccess'>;
  githubApiUrl: string;
  now: () => number;
};

/** GitHub's web address from its API address: api.github.com → github.com; GHES …/api/v3 → its host. */
export function githubWebUrl(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  return `${url.protocol}//${url.host}`;
}

/** The dashboard reads at most this many recent lines, and this many waiting deployments per line. */
const DASHBOARD_LIMITS = { lines: 200, waiting: 50 };

/**
 * Reads the dashboard from Redis: per app and environment, its lock, running deployment, line and
 * history. Bounded: the most recently active lines only, the first deployments of each line only.
 */
export async function readDashboard(src: DashboardSources): Promise<DashboardView> {
  const lines = await src.store.lines(DASHBOARD_LIMITS.lines);
  const apps: AppView[] = [];
  for (const [name, app] of Object.entries(src.apps.apps)) {
    const repo = app.repository.toLowerCase();
    const configured = Object.keys(app.environments);
    const extra = lines
      .filter((l) => l.startsWith(`${repo}:`))
      .map((l) => l.slice(repo.length + 1))
      .filter((env) => !configured.some((c) => c.toLowerCase() === env));
    const environments: EnvironmentView[] = [];
    const freezes = listFreezes(src.apps, src.now(), await src.freezes.list(name), name);
    for (const env of [...configured, ...extra.sort()]) {
      const view = await readEnvironment(src, app.repository, env);
      view.freezes = freezes.filter((f) => freezeCovers(f.origin, env));
      if (configured.includes(env)) view.deployed = await deployedIn(src, name, env);
      environments.push(view);
    }
    apps.push({ app: name, repository: app.repository, environments });
  }
  return { generatedAt: src.now(), github: githubWebUrl(src.githubApiUrl), apps };
}

async function readEnvironment(
  src: DashboardSources,
  repository: string,
  environment: string,
): Promise<EnvironmentView> {
  const line = `${repository.toLowerCase()}:${environment.toLowerCase()}`;
  const runner = await src.store.runner(line);
  const members = await src.store.members(line, DASHBOARD_LIMITS.waiting);
  const live = async (id: number): Promise<LiveDeployment> => {
    const r = await src.store.read(id);
    return { id, ref: r?.ref ?? '', startedAt: r?.startedAt ?? null, logUrl: r?.run?.logUrl ?? null };
  };
  const running = runner !== null ? await live(runner) : null;
  const waiting: LiveDeployment[] = [];
  for (const id of members) if (id !== running?.id) waiting.push(await live(id));
  return {
    environment,
    lock: await src.locks.get(repository, environment),
    lockLine: await src.locks.waiting(repository, environment),
    deployed: null,
    freezes: [],
    running,
    waiting,
    history: await src.store.history(line),
  };
}

/** Whether a freeze of the app (already of this app) covers this environment. */
function freezeCovers(origin: FreezeTime['origin'], environment: string): boolean {
  if (origin.kind === 'ad-hoc') return origin.environment === null || origin.environment === environment;
  if (origin.environment) return origin.environment === environment;
  return !origin.environments || origin.environments.length === 0 || origin.environments.includes(environment);
}

/** The newest successful deployment chatops recorded there: what runs now, as far as chatops knows. */
async function deployedIn(src: DashboardSources, app: string, environment: string): Promise<DeployedView | null> {
  const r = await src.records?.lastSuccess(app, environment, Number.MAX_SAFE_INTEGER);
  if (!r?.finished_at) return null;
  return { id: r.deployment_id, ref: r.ref, sha: r.sha, finishedAt: Date.parse(r.finished_at), requester: r.requester };
}
