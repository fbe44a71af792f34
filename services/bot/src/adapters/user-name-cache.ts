import { createTtlCache } from '@chatops/shared/runtime';
import type { Clock, SlackPort } from '../ports.js';

/** How long a display name is reused: it only goes into the deployment's payload and description. */
const USER_NAME_TTL_MS = 60_000;
const MAX_NAMES = 10_000;

/**
 * The Slack port with `users.info` answers kept briefly in memory: a person deploying several apps
 * in a row costs one call, not one per deployment. Only names are kept (not failures, not "no name"),
 * and concurrent asks for the same person share one call.
 */
export function cacheUserNames(slack: SlackPort, clock: Clock, ttlMs = USER_NAME_TTL_MS): SlackPort {
  const names = createTtlCache<string | null>({ ttlMs, max: MAX_NAMES, now: () => clock.now(), keep: (n) => !!n });
  return {
    // Each method passed on by name: a port may be a class instance, whose methods a spread would miss.
    postMessage: (m) => slack.postMessage(m),
    findMessage: (c, m, o) => slack.findMessage(c, m, o),
    updateMessage: (m) => slack.updateMessage(m),
    groupMembers: (g) => slack.groupMembers(g),
    userName: (userId) => names.get(userId, () => slack.userName(userId)),
  };
}
