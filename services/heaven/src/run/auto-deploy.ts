import type { AppsConfig, LockStore } from '@chatops/shared/contracts';
import type { Logger } from '@chatops/shared/runtime';
import type { GitHubPort, OnceKeys, Repo } from '../ports.js';

export type AutoDeployDeps = {
  apps: AppsConfig;
  github: GitHubPort;
  locks: LockStore;
  once: OnceKeys;
  log: Logger;
};

/** An auto-deploy of a sha to an environment is tried once in this long (`<prefix>:heaven:autodeploy:…`). */
const AUTODEPLOY_ONCE_S = 7 * 24 * 3600;

type Target = { name: string; production: boolean };
type GreenCommit = { repository: string; repo: Repo; sha: string; branch: string };

/**
 * A commit turned green somewhere. If it is the default branch's head and everything on it is
 * green, deploy it to each `auto_deploy` environment that runs an older commit and is not locked.
 * Returns the environments deployed to.
 */
export async function autoDeploy(input: { repository: string; sha: string }, deps: AutoDeployDeps): Promise<string[]> {
  const targets = autoDeployTargets(deps.apps, input.repository);
  if (targets.length === 0) return [];
  const [owner, repoName] = input.repository.split('/') as [string, string];
  const repo = { owner, repo: repoName };
  const head = await deps.github.defaultBranchHead(repo);
  if (head.sha !== input.sha) return [];
  if (!(await deps.github.isGreen(repo, input.sha))) return [];
  const commit = { ...input, repo, branch: head.branch };
  const done: string[] = [];
  for (const target of targets) if (await deployTo(target, commit, deps)) done.push(target.name);
  return done;
}

/** The `auto_deploy` environments of the apps of a repository (a transient one never). Pure. */
function autoDeployTargets(apps: AppsConfig, repository: string): Target[] {
  return Object.values(apps.apps)
    .filter((a) => a.repository.toLowerCase() === repository.toLowerCase())
    .flatMap((a) =>
      Object.entries(a.environments)
        .filter(([, e]) => e.auto_deploy && !e.transient)
        .map(([name, e]) => ({ name, production: e.production })),
    );
}

/**
 * Deploys the commit to one environment unless it is locked, already runs this commit or a newer
 * one, or this auto-deploy was made before. True when a deployment was created.
 */
async function deployTo(target: Target, commit: GreenCommit, deps: AutoDeployDeps): Promise<boolean> {
  const lock = await deps.locks.get(commit.repository, target.name);
  if (lock) {
    deps.log.info({ environment: target.name, holder: lock.holder.name }, 'auto-deploy skipped: environment locked');
    return false;
  }
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

/** True when the environment has no deployment yet, or its newest one is of an older commit. */
async function runsOlder(github: GitHubPort, commit: GreenCommit, environment: string): Promise<boolean> {
  const [current] = await github.listDeployments(commit.repo, environment, 1);
  if (!current) return true;
  return current.sha !== commit.sha && (await github.compare(commit.repo, current.sha, commit.sha)) === 'ahead';
}
