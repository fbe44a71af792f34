import { freezeAt } from '@chatops/shared/contracts';
import { autoDeployTargets, deployGreenHead, type AutoDeployDeps } from './auto-deploy.js';

/**
 * Auto-deploys a freeze held, once it ended: each is taken by one heaven only, and the newest green
 * head of the default branch is deployed there (the autodeploy once-key keeps it to one deployment
 * per sha). A head not green yet deploys when it turns green, as usual. A hold whose deployment
 * failed for a passing reason is held again for the next look. Returns the environments deployed to.
 */
export async function thawHeld(deps: AutoDeployDeps): Promise<string[]> {
  const done: string[] = [];
  for (const held of await deps.held.list()) {
    const now = deps.clock.now();
    const adHocs = await deps.freezes.list(held.app);
    const verdict = freezeAt(deps.apps, held.app, held.environment, now, adHocs);
    if (verdict.frozen) continue;
    if (!(await deps.held.take(held.repository, held.environment))) continue;
    const target = autoDeployTargets(deps.apps, held.repository).find(
      (t) => t.app === held.app && t.name === held.environment,
    );
    if (!target) continue;
    try {
      done.push(...(await deployGreenHead(held.repository, [target], deps)));
      deps.log.info({ repository: held.repository, environment: held.environment }, 'freeze ended: held auto-deploy');
    } catch (e) {
      await deps.held.hold(held, now, now);
      deps.log.warn(
        { err: e, environment: held.environment },
        'held auto-deploy failed; trying again at the next look',
      );
    }
  }
  return done;
}
