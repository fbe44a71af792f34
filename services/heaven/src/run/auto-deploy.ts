import type { LockStore, AppsConfig } from '@chatops/shared/contracts';
import type { Logger } from '@chatops/shared/runtime';
import type { GitHubPort, OnceKeys } from '../ports.js';

export type AutoDeployDeps = {
  apps: AppsConfig;
  github: GitHubPort;
  locks: LockStore;
  once: OnceKeys;
  log: Logger;
};

/**
 * A commit turned green somewhere. If it is the default branch's head and everything on it is
 * green, deploy it to each `auto_deploy` environment that runs an older commit and is not locked.
 * Returns the environments deployed to.
 */
export async function autoDeploy(input: { repository: string; sha: string }, deps: AutoDeployDeps): Promise<string[]> {
  const targets = Object.values(deps.apps.apps)
    .filter((a) => a.repository.toLowerCase() === input.repository.toLowerCase())
    .flatMap((a) =>
      Object.entries(a.environments)
        .filter(([, e]) => e.auto_deploy && !e.transient)
        .map(([name, e]) => ({ name, env: e })),
    );
  if (targets.length === 0) return [];
  const [owner, repoName] = input.repository.split('/') as [string, string];
  const repo = { owner, repo: repoName };
  const head = await deps.github.defaultBranchHead(repo);
  if (head.sha !== input.sha) return [];
  if (!(await deps.github.isGreen(repo, input.sha))) return [];
  const done: string[] = [];
  for (const { name, env } of targets) {
    const lock = await deps.locks.get(input.repository, name);
    if (lock) {
      deps.log.info({ environment: name, holder: lock.holder.name }, 'auto-deploy skipped: environment locked');
      continue;
    }
    const [current] = await deps.github.listDeployments(repo, name, 1);
    if (current && (current.sha === input.sha || (await deps.github.compare(repo, current.sha, input.sha)) !== 'ahead'))
      continue;
    const key = `${input.repository.toLowerCase()}:${name}:${input.sha}`;
    if (!(await deps.once.once('autodeploy', key, 7 * 24 * 3600))) continue;
    try {
      const id = await deps.github.createDeployment(repo, {
        ref: input.sha,
        environment: name,
        task: 'deploy',
        description: `auto-deploy of ${head.branch} at ${input.sha.slice(0, 7)}`,
        transient: false,
        production: env.production,
      });
      if (id === null) await deps.once.forget('autodeploy', key);
      else done.push(name);
    } catch (e) {
      await deps.once.forget('autodeploy', key);
      throw e;
    }
  }
  return done;
}
