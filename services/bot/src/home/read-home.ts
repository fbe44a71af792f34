import { freezeAt } from '@chatops/shared/contracts';
import type { Logger } from '@chatops/shared/runtime';
import { mayDeploy } from '../commands/authorize.js';
import { resolveGroups } from '../handlers/resolve-groups.js';
import { groupIdsOf } from '../routes/load-groups.js';
import type { CommandDeps } from '../handlers/command-context.js';
import type { HomeStore } from '../ports.js';
import type { HomeApp, HomeModel } from '../render/home-view.js';
import { homeActions, homeChannel } from './home-actions.js';
import { seedFromGitHub } from './seed-from-github.js';

/** At most this many environments Home knows nothing of are read from GitHub per publish (the rest next time). */
const SEEDS_PER_PUBLISH = 10;

/** What reading one person's Home needs. */
type HomeDeps = CommandDeps & { home: HomeStore };

/**
 * One person's Home, read now: the apps where they may deploy to some environment (the others are
 * only counted), each environment's deployments as the notifier told them, its lock and waiting
 * list, a freeze (configured or set from chat), and the buttons the same permission check as the
 * command's allows them. User groups are resolved through Slack (cached), as the worker does for a
 * command. An environment Home has heard nothing of is read from GitHub once in a while (`seedFromGitHub`).
 */
export async function readHome(deps: HomeDeps, userId: string, log: Logger): Promise<HomeModel> {
  const { config } = deps;
  const nowMs = deps.clock.now();
  const groups = await resolveGroups(deps, groupIdsOf(config));
  const apps: HomeApp[] = [];
  let hidden = 0;
  let seeds = 0;
  for (const [name, app] of Object.entries(config.apps)) {
    const envs = Object.entries(app.environments);
    if (!envs.some(([envName, env]) => mayDeploy(envName, env, userId, groups).allowed === true)) {
      hidden += 1;
      continue;
    }
    const adHocs = await deps.freezes.list(name);
    const environments: HomeApp['environments'] = [];
    for (const [envName, environment] of envs) {
      const resolved = {
        command: { action: 'deploy' as const, app: name, environment: envName, force: false, noop: false, params: {} },
        app: { name, app },
        environment: { name: envName, environment },
      };
      let [deployments, lock, lockWaiting] = await Promise.all([
        deps.home.deployments(name, envName),
        deps.locks.get(app.repository, envName),
        deps.locks.waiting(app.repository, envName),
      ]);
      const at = { app: name, repository: app.repository, environment: envName };
      if (deployments.length === 0 && !environment.transient && seeds < SEEDS_PER_PUBLISH) {
        // Read again only when GitHub was asked: otherwise nothing was recorded since.
        if (await seedFromGitHub(deps, at, log)) {
          seeds += 1;
          deployments = await deps.home.deployments(name, envName);
        }
      }
      const freeze = freezeAt(config, name, envName, nowMs, adHocs);
      const input = { resolved, userId, groups, lock, lockWaiting: lock ? lockWaiting : [], freeze, deployments };
      environments.push({
        name: envName,
        production: environment.production,
        deployments,
        lock,
        lockWaiting: input.lockWaiting,
        freeze,
        actions: homeActions(input, homeChannel(config, resolved)),
      });
    }
    apps.push({ name, repository: app.repository, environments });
  }
  return { userId, apps, hidden, nowMs, command: deps.command };
}
