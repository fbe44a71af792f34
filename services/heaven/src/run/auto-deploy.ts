import { freezeAt, formatZoned, type AppsConfig, type FreezeStore, type LockStore } from '@chatops/shared/contracts';
import type { Logger } from '@chatops/shared/runtime';
import type { Clock, GitHubPort, HeldAutoDeploys, OnceKeys, Repo } from '../ports.js';

export type AutoDeployDeps = {
  apps: AppsConfig;
  github: GitHubPort;
  locks: LockStore;
  freezes: FreezeStore;
  held: HeldAutoDeploys;
  once: OnceKeys;
  clock: Clock;
  log: Logger;
};

/** An auto-deploy of a sha to an environment is tried once in this long (`<prefix>:heaven:autodeploy:…`). */
const AUTODEPLOY_ONCE_S = 7 * 24 * 3600;

/** An `auto_deploy` environment of an app of the repository. */
type AutoDeployTarget = { app: string; name: string; production: boolean };
type GreenCommit = { repository: string; repo: Repo; sha: string; branch: string };

/**
 * A commit turned green somewhere. If it is the default branch's head and everything on it is
 * green, deploy it to each `auto_deploy` environment that runs an older commit, is not locked and
 * not frozen (a freeze holds it: see thaw-held.ts). Returns the environments deployed to.
 */
export async function autoDeploy(input: { repository: string; sha: string }, deps: AutoDeployDeps): Promise<string[]> {
  return deployGreenHead(input.repository, autoDeployTargets(deps.apps, input.repository), deps, input.sha);
}

/**
 * Deploys the default branch's head, when it is green (and is `sha`, when given), to the targets.
 * Returns the environments deployed to.
 */
export async function deployGreenHead(
  repository: string,
  targets: AutoDeployTarget[],
  deps: AutoDeployDeps,
  sha?: string,
): Promise<string[]> {
  if (targets.length === 0) return [];
  const [owner, repoName] = repository.split('/') as [string, string];
  const repo = { owner, repo: repoName };
  const head = await deps.github.defaultBranchHead(repo);
  if (sha !== undefined && head.sha !== sha) return [];
  if (!(await deps.github.isGreen(repo, head.sha))) return [];
  const commit = { repository, repo, sha: head.sha, branch: head.branch };
  const done: string[] = [];
  for (const target of targets) if (await deployTo(target, commit, deps)) done.push(target.name);
  return done;
}

/** The `auto_deploy` environments of the apps of a repository (a transient one never). Pure. */
export function autoDeployTargets(apps: AppsConfig, repository: string): AutoDeployTarget[] {
  return Object.entries(apps.apps)
    .filter(([, a]) => a.repository.toLowerCase() === repository.toLowerCase())
    .flatMap(([app, a]) =>
      Object.entries(a.environments)
        .filter(([, e]) => e.auto_deploy && !e.transient)
        .map(([name, e]) => ({ app, name, production: e.production })),
    );
}

/**
 * Deploys the commit to one environment unless it is locked, frozen (then held until the freeze
 * ends), already runs this commit or a newer one, or this auto-deploy was made before. True when a
 * deployment was created.
 */
async function deployTo(target: AutoDeployTarget, commit: GreenCommit, deps: AutoDeployDeps): Promise<boolean> {
  const lock = await deps.locks.get(commit.repository, target.name);
  if (lock) {
    deps.log.info({ environment: target.name, holder: lock.holder.name }, 'auto-deploy skipped: environment locked');
    return false;
  }
  if (await heldByFreeze(target, commit, deps)) return false;
  if (!(await runsOlder(deps.github, commit, target.name))) return false;
  const key = `${commit.repository.toLowerCase()}:${target.name}:${commit.sha}`;
  if (!(await deps.once.once('autodeploy', key, AUTODEPLOY_ONCE_S))) return false;
  try {
    const id = await deps.github.createDeployment(commit.repo, {
      ref: commit.sha,
      environment: target.name,
      task: 'deploy',
      description: `auto-deploy of ${commit.branch} at ${commit.sha.slice(0, 7)}`,
      transient: false,
      production: target.production,
    });
    if (id === null) await deps.once.forget('autodeploy', key);
    return id !== null;
  } catch (e) {
    await deps.once.forget('autodeploy', key);
    throw e;
  }
}

/** While a freeze holds the environment, the auto-deploy is held (not dropped) until it ends. */
async function heldByFreeze(target: AutoDeployTarget, commit: GreenCommit, deps: AutoDeployDeps): Promise<boolean> {
  const now = deps.clock.now();
  const verdict = freezeAt(deps.apps, target.app, target.name, now, await deps.freezes.list(target.app));
  if (!verdict.frozen) return false;
  await deps.held.hold(
    { repository: commit.repository, app: target.app, environment: target.name },
    verdict.until,
    now,
  );
  deps.log.info(
    { environment: target.name, sha: commit.sha, until: formatZoned(verdict.until, verdict.by.zone) },
    'auto-deploy held: environment frozen',
  );
  return true;
}

/** True when the environment has no deployment yet, or its newest one is of an older commit. */
async function runsOlder(github: GitHubPort, commit: GreenCommit, environment: string): Promise<boolean> {
  const [current] = await github.listDeployments(commit.repo, environment, 1);
  if (!current) return true;
  return current.sha !== commit.sha && (await github.compare(commit.repo, current.sha, commit.sha)) === 'ahead';
}
