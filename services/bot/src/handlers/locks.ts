import { jobId, type ChatCommand, type EnvironmentLock, type LockWaiter } from '@chatops/shared/contracts';
import { describePrincipals, mayOverride } from '../commands/authorize.js';
import type { Resolved } from '../commands/resolve-command.js';
import type { CommandContext } from './command-context.js';
import {
  holdingText,
  waitingFullText,
  lockedText,
  lockLine,
  unlockedText,
  waitingListLine,
  waitingText,
  type LockPlace,
} from '../render/lock-text.js';
import { postLockMessage, scheduleLockTimers } from './lock-messages.js';
import { WAITING_MAX, lockLength, lockRules } from './lock-rules.js';
import { lookup, permitted } from './permission-again.js';
import { resolveGroups } from './resolve-groups.js';

type Found = { app: NonNullable<Resolved['app']>; environment: NonNullable<Resolved['environment']> };

/** The command's app and environment, still in the config, and the person may act there; else they are told. */
async function admit(
  ctx: CommandContext,
  command: Extract<ChatCommand, { action: 'lock' | 'unlock' }>,
): Promise<Found | null> {
  const resolved = lookup(ctx, command);
  if (!resolved?.app || !resolved.environment) {
    await ctx.reply({ text: `${command.app} ${command.environment} is no longer in the config.` });
    return null;
  }
  if (!(await permitted(ctx, resolved))) return null;
  return { app: resolved.app, environment: resolved.environment };
}

const iso = (ms: number) => new Date(ms).toISOString();

/** A second unlock this soon after one's own hand-over is a double press, not an override of the new holder. */
const DOUBLE_UNLOCK_MS = 60_000;

/** Whether `userId` handed this lock over (unlocked it) in the last minute. Pure. */
function unlockedJustNow(lock: EnvironmentLock, userId: string, nowMs: number): boolean {
  return (
    lock.previous?.ended_by.startsWith(`unlock-${jobId(userId)}-`) === true &&
    nowMs - Date.parse(lock.locked_at) < DOUBLE_UNLOCK_MS
  );
}

/**
 * `lock APP ENV [for DURATION] [reason]`: takes the lock (for what was asked, at most the
 * environment's `lock_max`, which is also the default) and schedules its timers; on a lock someone
 * else holds, puts the person in its waiting list (once) and tells them their place.
 */
export async function handleLock(
  ctx: CommandContext,
  command: { app: string; environment: string; reason: string; duration_ms?: number },
): Promise<void> {
  const found = await admit(ctx, { action: 'lock', ...command });
  if (!found) return;
  const place: LockPlace = { app: found.app.name, environment: found.environment.name };
  const length = lockLength(command.duration_ms, lockRules(ctx.deps.config, found.environment.environment));
  const now = ctx.deps.clock.now();
  const { slack_user_id, name } = ctx.job.requester;
  const holder = { slack_user_id, name };
  const lock: EnvironmentLock = {
    repository: found.app.app.repository,
    environment: found.environment.name,
    holder,
    reason: command.reason,
    locked_at: iso(now),
    expires_at: iso(now + length.ms),
    channel: ctx.job.channel_id,
  };
  const waiter: LockWaiter = {
    holder,
    reason: command.reason,
    duration_ms: length.ms,
    channel: ctx.job.channel_id,
    joined_at: iso(now),
  };
  const result = await ctx.deps.locks.lockOrWait(lock, waiter, WAITING_MAX);
  switch (result.kind) {
    case 'acquired':
      await scheduleLockTimers(ctx.deps, place.app, lock);
      return ctx.reply({
        response_type: 'in_channel',
        text: lockedText(place, lock, { ...length, askedMs: command.duration_ms }),
      });
    case 'holding':
      // A retry of the job that took it finds it held: its timers are scheduled again (a no-op when they are there).
      await scheduleLockTimers(ctx.deps, place.app, result.current);
      return ctx.reply({ text: holdingText(place, result.current, now) });
    case 'waiting':
      return ctx.reply({ text: waitingText(place, result.current, result.place, result.joined, now) });
    case 'full':
      return ctx.reply({ text: waitingFullText(place, result.current, result.waiting) });
  }
}

/**
 * `unlock APP ENV`: the holder, or an overrider (who tells the holder), ends the lock and the first
 * on its waiting list holds it from then (mentioned); a person on the waiting list leaves it.
 */
export async function handleUnlock(ctx: CommandContext, command: { app: string; environment: string }): Promise<void> {
  const found = await admit(ctx, { action: 'unlock', ...command });
  if (!found) return;
  const place: LockPlace = { app: found.app.name, environment: found.environment.name };
  const { repository } = found.app.app;
  const env = found.environment;
  const { locks } = ctx.deps;
  const userId = ctx.job.requester.slack_user_id;
  const endedBy = `unlock-${jobId(userId, ctx.job.trigger_id)}`;
  // Even one whose time is up: until its timer ends it, it is the one the waiting list waits for.
  const current = await locks.peek(repository, env.name);
  // A retry of this command after its hand-over: finish telling it.
  if (current?.previous?.ended_by === endedBy) {
    const ended = { ...current, holder: current.previous.holder, locked_at: current.previous.locked_at };
    return handedOver(ctx, place, ended, current);
  }
  // A double press: this person handed it over a moment ago; it is not theirs to end again.
  if (current && unlockedJustNow(current, userId, ctx.deps.clock.now()))
    return ctx.reply({
      text: `You unlocked ${place.app} ${place.environment} already; <@${current.holder.slack_user_id}> holds it now.`,
    });
  if (current?.holder.slack_user_id !== userId && (await locks.leave(repository, env.name, userId)))
    return ctx.reply({ text: `You left the waiting list for ${place.app} ${place.environment}.` });
  if (!current) return ctx.reply({ text: `${place.app} ${place.environment} is not locked.` });
  if (current.holder.slack_user_id !== userId) {
    const groups = await resolveGroups(ctx.deps, env.environment.overriders);
    const may = mayOverride(env.name, env.environment, userId, groups);
    if (may.allowed !== true || env.environment.overriders.length === 0) {
      const who = env.environment.overriders.length ? ` or ${describePrincipals(env.environment.overriders)}` : '';
      return ctx.reply({
        text: `Only the holder <@${current.holder.slack_user_id}>${who} may unlock ${place.app} ${place.environment}.`,
      });
    }
  }
  const ids = { slack_user_id: current.holder.slack_user_id, locked_at: current.locked_at };
  const result = await locks.handOver(repository, env.name, ids, endedBy);
  if (!result.ended)
    return ctx.reply({
      text: `The lock on ${place.app} ${place.environment} changed meanwhile. Look at \`locks\` and try again.`,
    });
  return handedOver(ctx, place, current, result.next);
}

/** Tells the channel of an unlock (mentioning the new holder), and starts the new holder's timers. */
async function handedOver(
  ctx: CommandContext,
  place: LockPlace,
  ended: EnvironmentLock,
  next: EnvironmentLock | null,
): Promise<void> {
  const now = ctx.deps.clock.now();
  const by = ctx.job.requester.slack_user_id;
  if (next) await scheduleLockTimers(ctx.deps, place.app, next);
  // The new holder asked in another channel: they are told there too.
  if (next?.channel && next.channel !== ctx.job.channel_id) {
    const key = `lock-start-${jobId(next.repository, next.environment, next.holder.slack_user_id, next.locked_at)}`;
    const at = { ...place, channel: next.channel };
    await postLockMessage(ctx.deps, ctx.log, key, at, unlockedText(place, by, ended, next, now));
  }
  await ctx.reply({ response_type: 'in_channel', text: unlockedText(place, by, ended, next, now) });
}

/** `locks [APP]`: each lock in force, its holder, since when, its end, and its waiting list in order. */
export async function handleLocks(ctx: CommandContext, app?: string): Promise<void> {
  const repository = app ? lookup(ctx, { action: 'where', app })?.app?.app.repository.toLowerCase() : undefined;
  const locks = (await ctx.deps.locks.list()).filter((l) => !repository || l.repository.toLowerCase() === repository);
  const now = ctx.deps.clock.now();
  if (locks.length === 0) return ctx.reply({ text: 'No environment is locked.' });
  const lines = ['Locked environments:'];
  for (const lock of locks) {
    lines.push(lockLine(lock, now));
    const waiting = await ctx.deps.locks.waiting(lock.repository, lock.environment);
    if (waiting.length > 0) lines.push(waitingListLine(waiting));
  }
  await ctx.reply({ text: lines.join('\n') });
}
