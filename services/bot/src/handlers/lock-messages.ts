import { findApp, findEnvironment, jobId, type EnvironmentLock } from '@chatops/shared/contracts';
import type { Logger } from '@chatops/shared/runtime';
import type { CommandDeps } from './command-context.js';
import { lockRules, lockTimers } from './lock-rules.js';
import { unreachable } from './post-once.js';

/** The job id of a lock's timer: what it is about, so a lock taken again has other timers. */
function lockTimerId(kind: string, lock: EnvironmentLock): string {
  return jobId('lock', kind, lock.repository, lock.environment, lock.holder.slack_user_id, Date.parse(lock.locked_at));
}

/**
 * Schedules a lock's reminder, nag and end (those still to come), as delayed jobs named by the lock: scheduling
 * them again (a retried command) adds nothing.
 */
export async function scheduleLockTimers(deps: CommandDeps, appName: string, lock: EnvironmentLock): Promise<void> {
  const app = findApp(deps.config, appName);
  const environment = app && findEnvironment(app.app, lock.environment);
  if (!app || !environment) return;
  const now = deps.clock.now();
  for (const timer of lockTimers(lock, lockRules(deps.config, environment.environment))) {
    if (timer.atMs <= now) continue;
    const data = {
      kind: timer.kind,
      app: app.name,
      repository: lock.repository,
      environment: lock.environment,
      holder: lock.holder.slack_user_id,
      locked_at: lock.locked_at,
    };
    await deps.producer.lockTimer(data, lockTimerId(timer.kind, lock), timer.atMs - now);
  }
}

/** Where an environment's messages go when the lock's own channel cannot take them. */
function fallbackChannel(deps: CommandDeps, appName: string, environment: string): string | undefined {
  const app = findApp(deps.config, appName);
  const env = app && findEnvironment(app.app, environment);
  return env?.environment.channel ?? app?.app.channel ?? deps.config.defaults.channel;
}

/**
 * Posts a lock's message in `channel` (where it was taken), else in the environment's channel, once
 * under `key` (a retried job finds it posted). Nowhere to post: logged.
 */
export async function postLockMessage(
  deps: CommandDeps,
  log: Logger,
  key: string,
  at: { app: string; environment: string; channel?: string },
  text: string,
): Promise<void> {
  if (await deps.messages.get(key)) return;
  const fallback = fallbackChannel(deps, at.app, at.environment);
  for (const channel of new Set([at.channel, fallback].filter((c): c is string => Boolean(c)))) {
    try {
      const posted = await deps.slack.postMessage({ channel, text });
      await deps.messages.set(key, posted);
      return;
    } catch (e) {
      if (!unreachable(e)) throw e;
      log.warn({ channel, err: e }, 'cannot post the lock message in this channel');
    }
  }
  log.warn({ key }, 'no channel takes this lock message; it is not posted');
}
