import type { AppsConfig, LockStore } from '@chatops/shared/contracts';
import type { DeploymentStore } from '../run/deployment-store.js';
import type { AppView, DashboardView, EnvironmentView, LiveDeployment } from './dashboard-view.js';

export type DashboardSources = {
  apps: AppsConfig;
  store: DeploymentStore;
  locks: LockStore;
  githubApiUrl: string;
  now: () => number;
};

/** GitHub's web address from its API address: api.github.com → github.com; GHES …/api/v3 → its host. */
export function githubWebUrl(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (url.hostname === 'api.github.com') return 'https://github.com';
  return `${url.protocol}//${url.host}`;
}

/** Reads the dashboard from Redis: per app and environment, its lock, running deployment, line and history. */
export async function readDashboard(src: DashboardSources): Promise<DashboardView> {
  const lines = await src.store.lines();
  const apps: AppView[] = [];
  for (const [name, app] of Object.entries(src.apps.apps)) {
    const repo = app.repository.toLowerCase();
    const configured = Object.keys(app.environments);
    const extra = lines
      .filter((l) => l.startsWith(`${repo}:`))
      .map((l) => l.slice(repo.length + 1))
      .filter((env) => !configured.some((c) => c.toLowerCase() === env));
    const environments: EnvironmentView[] = [];
    for (const env of [...configured, ...extra.sort()])
      environments.push(await readEnvironment(src, app.repository, env));
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
  const members = await src.store.members(line);
  const live = async (id: number): Promise<LiveDeployment> => {
    const r = await src.store.read(id);
    return { id, ref: r?.ref ?? '', startedAt: r?.startedAt ?? null, logUrl: r?.run?.logUrl ?? null };
  };
  const running = runner ? await live(Number(runner)) : null;
  const waiting: LiveDeployment[] = [];
  for (const id of members) if (id !== running?.id) waiting.push(await live(id));
  return {
    environment,
    lock: await src.locks.get(repository, environment),
    running,
    waiting,
    history: await src.store.history(line),
  };
}
