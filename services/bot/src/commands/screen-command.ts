import type { AppsConfig } from '@chatops/shared/contracts';
import type { Clock, GroupCache, RateCounter } from '../ports.js';
import { helpText } from '../render/help-text.js';
import { loadGroups } from '../routes/load-groups.js';
import { admitCommand } from './admit-command.js';
import { parseCommand } from './parse-command.js';
import type { Resolved } from './resolve-command.js';

/** What becomes of a command (typed or @-mentioned): refused (nothing enqueued), answered (help), or to enqueue. */
export type Screened =
  | { kind: 'refused'; reason: string; text: string }
  | { kind: 'answered'; text: string }
  | { kind: 'accepted'; resolved: Resolved };

export type ScreenDeps = { config: AppsConfig; rateCounter: RateCounter; groups: GroupCache; clock: Clock };

/** The parser suggests `/deploy …`; answer with the command name the person used. */
const renamed = (text: string, command: string): string => text.split('`/deploy ').join(`\`${command} `);

/**
 * The one screening of a command, a slash command's and an @-mention's alike: the person's rate, the
 * grammar, then (with the cached user groups) help or the command's admission (resolution, permission,
 * CI parameters). No call to Slack or GitHub.
 */
export async function screenCommand(
  fields: { user_id: string; channel_id: string; command: string; text: string },
  deps: ScreenDeps,
): Promise<Screened> {
  const { config } = deps;
  const limit = config.defaults.rate_limit_per_minute;
  if (!(await deps.rateCounter.hit(fields.user_id, limit, deps.clock.now()))) {
    const text = `Slow down: at most ${limit} commands a minute. Try again in a minute.`;
    return { kind: 'refused', reason: 'rate-limited', text };
  }
  const parsed = parseCommand(fields.text);
  if (!parsed.ok) return { kind: 'refused', reason: 'unparsed', text: renamed(parsed.error, fields.command) };
  const groups = await loadGroups(config, deps.groups);
  if (parsed.command.action === 'help')
    return { kind: 'answered', text: helpText(config, fields.command, fields.user_id, groups) };
  const who = { userId: fields.user_id, channelId: fields.channel_id };
  const admission = admitCommand(config, parsed.command, who, groups);
  if (!admission.ok) return { kind: 'refused', reason: admission.reason, text: admission.text };
  return { kind: 'accepted', resolved: admission.value };
}
