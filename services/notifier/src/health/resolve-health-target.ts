import { findApp, findEnvironment, type AppsConfig } from '@chatops/shared/contracts';
import type { Result } from '@chatops/shared/contracts';
import { err, ok } from '@chatops/shared/contracts';

export type HealthTarget = { app: string; environment: string; url: string; channel: string | undefined };

/**
 * The health_check URL of an app's environment, from the config: the only URLs ever probed.
 * The environment defaults to defaults.environment.
 */
export function resolveHealthTarget(
  config: AppsConfig,
  appName: string,
  environmentName?: string,
): Result<HealthTarget, string> {
  const app = findApp(config, appName);
  if (!app) {
    const known = Object.keys(config.apps).sort().join(', ');
    return err(`unknown app "${appName}"; known apps: ${known}`);
  }
  const wanted = environmentName ?? config.defaults.environment;
  const env = findEnvironment(app.app, wanted);
  if (!env) {
    const known = Object.keys(app.app.environments).join(', ');
    return err(`${app.name} has no environment "${wanted}"; its environments: ${known}`);
  }
  if (!env.environment.health_check) return err(`${app.name} ${env.name} has no health_check in the apps config`);
  return ok({
    app: app.name,
    environment: env.name,
    url: env.environment.health_check,
    channel: env.environment.channel ?? app.app.channel ?? config.defaults.channel,
  });
}
