import {
  code,
  escapeMrkdwn,
  formatDuration,
  formatZoned,
  type FreezeTime,
  type FreezeVerdict,
} from '@chatops/shared/contracts';

type Frozen = Extract<FreezeVerdict, { frozen: true }>;

/** `Mon 2026-12-07 08:00 Europe/Oslo (in 2d 17h)`. Pure. */
export function endText(ms: number, zone: string, nowMs: number): string {
  return `${formatZoned(ms, zone)} (in ${formatDuration(Math.max(0, ms - nowMs))})`;
}

/** Who set an ad-hoc freeze, for its texts. */
function setBy(time: FreezeTime): string {
  return time.origin.kind === 'ad-hoc' ? ` (set by <@${time.origin.by.slack_user_id}>)` : '';
}

/**
 * Why a deploy is refused during a freeze: until when, and its reason; then `hint` (how to force,
 * or who may). Pure.
 */
export function frozenRefusal(where: string, verdict: Frozen, nowMs: number, hint: string): string {
  const { by } = verdict;
  return (
    `${where} is frozen until ${endText(verdict.until, by.zone, nowMs)}: ` +
    `${escapeMrkdwn(by.reason)}${setBy(by)}. ${hint}`
  );
}

/** The hint after a freeze refusal, for someone who may force or not. Pure. */
export function frozenHint(forceCommand: string | null, overriders: string | null): string {
  if (forceCommand) return `To deploy anyway, give a reason: ${code(forceCommand, 300)}`;
  if (overriders) return `Only ${overriders} may deploy during a freeze (with \`force\` and a reason).`;
  return 'Nobody may deploy there during a freeze: its `overriders` list is empty.';
}

/** `force` without a reason during a freeze. Pure. */
export function forceNeedsReason(where: string, verdict: Frozen, nowMs: number, forceCommand: string): string {
  return (
    `${where} is frozen until ${endText(verdict.until, verdict.by.zone, nowMs)}: ` +
    `${escapeMrkdwn(verdict.by.reason)}. ` +
    `To deploy during a freeze, \`force\` needs a reason: ${code(forceCommand, 300)}`
  );
}

/** The in-channel announcement of a deployment an overrider forced past a freeze. Pure. */
export function forcedPastFreezeText(input: {
  requesterId: string;
  what: string;
  environment: string;
  verdict: Frozen;
  reason: string;
  nowMs: number;
}): string {
  const { verdict } = input;
  return (
    `:snowflake: <@${input.requesterId}> deploys ${input.what} to *${input.environment}* during a freeze ` +
    `(${escapeMrkdwn(verdict.by.reason)}, until ${endText(verdict.until, verdict.by.zone, input.nowMs)}). ` +
    `Reason: "${escapeMrkdwn(input.reason)}"`
  );
}

/** The in-channel announcement of an ad-hoc freeze. Pure. */
export function frozeText(input: {
  requesterId: string;
  where: string;
  untilMs: number;
  zone: string;
  reason: string;
  unfreeze: string;
  nowMs: number;
}): string {
  return (
    `:snowflake: <@${input.requesterId}> froze ${input.where} ` +
    `until ${endText(input.untilMs, input.zone, input.nowMs)}: ` +
    `${escapeMrkdwn(input.reason)}. Deploys there are refused until then, or until ${code(input.unfreeze)}.`
  );
}

/** Where a freeze applies, as people read it. */
function scope(time: FreezeTime): string {
  const o = time.origin;
  if (o.kind === 'ad-hoc') return o.environment ? `${o.app} ${o.environment}` : `${o.app} (every environment)`;
  const only = o.environments ? ` (${o.environments.join(', ')})` : '';
  if (o.environment) return `${o.app} ${o.environment}`;
  return o.app ? `${o.app}${only || ' (every environment)'}` : `every app${only}`;
}

/** One freeze in the `freezes` list: where, why, and now or when. Pure. */
export function freezeLine(time: FreezeTime, nowMs: number): string {
  const when =
    time.start <= nowMs
      ? `now, until ${endText(time.end, time.zone, nowMs)}`
      : `from ${formatZoned(time.start, time.zone)} until ${formatZoned(time.end, time.zone)}`;
  return `• ${scope(time)}: ${escapeMrkdwn(time.reason)}${setBy(time)}, ${when}`;
}
