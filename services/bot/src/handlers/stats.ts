import { escapeMrkdwn, type ResolvedApp } from '@chatops/shared/contracts';
import { readDoraReports } from '@chatops/shared/runtime';
import { statsText } from '../render/stats-text.js';
import type { CommandContext } from './command-context.js';
import { lookup } from './permission-again.js';

/** The environment `stats APP` reads: the app's production one, else the config's default, else its first. */
function defaultEnvironment(app: ResolvedApp, fallback: string): string {
  const envs = Object.entries(app.app.environments);
  return envs.find(([, e]) => e.production)?.[0] ?? (app.app.environments[fallback] ? fallback : envs[0]![0]);
}

/** `stats APP [ENV]`: the four DORA figures of chatops' records over 7, 30 and 90 days, privately. */
export async function handleStats(ctx: CommandContext, appName: string, environment?: string): Promise<void> {
  const app = lookup(ctx, { action: 'where', app: appName })?.app;
  if (!app) return ctx.reply({ text: `${escapeMrkdwn(appName)} is no longer in the config.` });
  const env = environment ?? defaultEnvironment(app, ctx.deps.config.defaults.environment);
  const { records, clock, dora } = ctx.deps;
  if (!records) return ctx.reply({ text: 'The deployment records are not available here.' });
  const now = clock.now();
  const reports = await readDoraReports(records, { app: app.name, environment: env, now, ...dora });
  if (reports.every((r) => r.current.changeFailure.deployments === 0 && r.previous.changeFailure.deployments === 0)) {
    const where = `${escapeMrkdwn(app.name)} in ${escapeMrkdwn(env)}`;
    return ctx.reply({ text: `No deployment of ${where} ran in the last 180 days, as far as chatops saw.` });
  }
  await ctx.reply({ text: statsText(app.name, env, reports, now) });
}
