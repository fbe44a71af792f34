import type { AppsConfig } from '@chatops/shared/contracts';
import type { GroupMembers } from './authorize.js';
import { checkPermission } from './check-permission.js';
import { ciParameterRefusal } from './ci-parameter-check.js';
import type { ParsedCommand } from './parse-command.js';
import { resolveCommand, type Resolved } from './resolve-command.js';
import { taskName } from './task-name.js';
import { githubEnvironmentOf } from './transient-environment.js';

/** A command the HTTP side takes, or why not (`reason` for the log line, `text` for the person). */
export type Admission =
  | { ok: true; value: Resolved }
  | { ok: false; reason: 'unresolved' | 'not-permitted' | 'ci-parameters'; text: string };

/**
 * Whether the HTTP side takes a parsed command: its app and environment exist, this person may do
 * it in this channel (user groups not cached yet let them through: the worker checks again), and
 * CircleCI would take its parameters. Pure.
 */
export function admitCommand(
  config: AppsConfig,
  parsed: ParsedCommand,
  who: { userId: string; channelId: string },
  groups: GroupMembers,
): Admission {
  const resolved = resolveCommand(config, parsed);
  if (!resolved.ok) return { ok: false, reason: 'unresolved', text: resolved.error };
  const decision = checkPermission(resolved.value, who.userId, who.channelId, groups);
  if (decision.allowed === false) return { ok: false, reason: 'not-permitted', text: decision.reason };
  const tooLong = ciRefusal(resolved.value);
  if (tooLong) return { ok: false, reason: 'ci-parameters', text: tooLong };
  return { ok: true, value: resolved.value };
}

/** What CircleCI would refuse in a deploy's parameters (the worker checks again, with the ref it resolves). */
function ciRefusal({ command, app, environment }: Resolved): string | null {
  if (command.action !== 'deploy' || !app || !environment) return null;
  const ref = command.ref ?? '';
  const deployment = {
    environment: githubEnvironmentOf(environment.name, environment.environment, ref),
    ref,
    task: taskName(command.task),
  };
  return ciParameterRefusal(app.app, deployment, { noop: command.noop, params: command.params });
}
