import type { AppsConfig } from '@chatops/shared/contracts';
import { ciParameterRefusal } from '../commands/ci-parameter-check.js';
import { branchClash } from '../commands/resolve-command.js';
import { configuredEnvironmentNamed } from '../commands/transient-environment.js';
import type { Admitted } from './admit-deploy.js';
import type { DeployCommand } from '../ports.js';

/**
 * What keeps a deployment from being created at all, before anything is posted or created: a
 * branch environment that is another configured environment, or parameters CircleCI would refuse.
 * Null when nothing does. Pure.
 */
export function deployRefusal(
  config: AppsConfig,
  { app, environment }: Admitted,
  target: { ref: string; githubEnvironment: string; task: string; command: DeployCommand },
): string | null {
  if (environment.environment.transient) {
    const clash = configuredEnvironmentNamed(config, app.app.repository, target.githubEnvironment);
    if (clash) return branchClash(target.ref, environment.name, target.githubEnvironment, clash);
  }
  return ciParameterRefusal(
    app.app,
    { environment: target.githubEnvironment, ref: target.ref, task: target.task },
    { noop: target.command.noop, params: target.command.params },
  );
}
