import { findAppByRepository, type AppsConfig, type ReviewTeardownJob } from '@chatops/shared/contracts';
import type { Logger } from '@chatops/shared/runtime';
import type { SlackPort } from '../ports.js';
import { renderTeardown } from '../render/render-teardown.js';

/** Claims an announcement (SET NX): true for the first claim only; `forget` gives it back. */
export type AnnouncementClaims = {
  claim(key: string): Promise<boolean>;
  forget(key: string): Promise<void>;
};

export type AnnounceDeps = { config: AppsConfig; slack: SlackPort; claims: AnnouncementClaims };

/**
 * Where a teardown is said: the channel of the last deploy there, else the environment's, the app's
 * or defaults.channel. Pure.
 */
export function teardownChannel(job: ReviewTeardownJob, config: AppsConfig): string | null {
  if (job.channel) return job.channel;
  const found = findAppByRepository(config, job.repository, job.environment);
  return found?.environment?.environment.channel ?? found?.app.app.channel ?? config.defaults.channel ?? null;
}

/**
 * Says once that a review environment was torn down. The claim goes first (at most once: a heaven that
 * died mid-post loses the message rather than posting it twice); a failed post gives it back, so the
 * retried job posts.
 */
export async function announceTeardown(job: ReviewTeardownJob, deps: AnnounceDeps, log: Logger): Promise<boolean> {
  const channel = teardownChannel(job, deps.config);
  if (!channel) {
    log.warn({ environment: job.environment }, 'teardown not announced: no channel in the config');
    return false;
  }
  const key = `teardown-${job.destroy_id}`;
  if (!(await deps.claims.claim(key))) return false;
  try {
    await deps.slack.postMessage(channel, renderTeardown(job));
  } catch (e) {
    await deps.claims.forget(key);
    throw e;
  }
  return true;
}
