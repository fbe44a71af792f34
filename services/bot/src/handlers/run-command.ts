import { ExternalApiError } from '@chatops/shared/contracts';
import { handleApprove } from './approve.js';
import { handleConfirm } from './confirm.js';
import { handleCancel, handleDestroy, handleHealth } from './control.js';
import { handleDeploy } from './deploy.js';
import { handleHistory, handleWhere } from './deployment-info.js';
import { handleFreeze, handleFreezes, handleUnfreeze } from './freezes.js';
import { helpText } from '../render/help-text.js';
import { handleLock, handleLocks, handleUnlock } from './locks.js';
import { apiName, refusedSentence } from '../render/refused-sentence.js';
import { handlePress } from './press-button.js';
import { handleReviews } from './reviews.js';
import { handleRollback } from './rollback.js';
import { handleStats } from './stats.js';
import { givesUp, type CommandContext } from './command-context.js';
import { resolveGroups } from './resolve-groups.js';
import { refreshHomes } from '../home/home-tab.js';

/** Runs one chat command job. A transient failure on the last try is told to the person, then fails the job. */
export async function runCommand(ctx: CommandContext): Promise<void> {
  try {
    await dispatch(ctx);
    const c = ctx.job.command;
    // A lock or a freeze changed from chat: the Homes showing its app show it.
    if (c.action === 'lock' || c.action === 'unlock' || c.action === 'freeze' || c.action === 'unfreeze')
      await refreshHomes(ctx.deps, c.app);
  } catch (e) {
    if (givesUp(ctx, e)) {
      await ctx
        .reply({
          text:
            `Sorry, ${apiName(e)} did not answer after several tries, so I could not finish this. ` +
            'Please try again later.',
        })
        .catch(() => undefined);
      throw new ExternalApiError(e.context?.api ?? 'unknown', e.message, {
        status: e.status,
        retryable: false,
        cause: e,
      });
    }
    if (e instanceof ExternalApiError && !e.retryable)
      await ctx.reply({ text: refusedSentence(e) }).catch(() => undefined);
    throw e;
  }
}

async function dispatch(ctx: CommandContext): Promise<void> {
  const c = ctx.job.command;
  switch (c.action) {
    case 'deploy':
      return handleDeploy(ctx, c);
    case 'help': {
      const principals = Object.values(ctx.deps.config.apps).flatMap((a) =>
        Object.values(a.environments).flatMap((e) => e.deployers),
      );
      const groups = await resolveGroups(ctx.deps, principals);
      return ctx.reply({
        text: helpText(ctx.deps.config, ctx.deps.command, ctx.job.requester.slack_user_id, groups),
      });
    }
    case 'where':
      return handleWhere(ctx, c.app);
    case 'history':
      return handleHistory(ctx, c.app, c.environment);
    case 'stats':
      return handleStats(ctx, c.app, c.environment);
    case 'lock':
      return handleLock(ctx, c);
    case 'unlock':
      return handleUnlock(ctx, c);
    case 'locks':
      return handleLocks(ctx, c.app);
    case 'rollback':
      return handleRollback(ctx, c);
    case 'destroy':
      return handleDestroy(ctx, c);
    case 'cancel':
      return handleCancel(ctx, c);
    case 'health':
      return handleHealth(ctx, c);
    case 'confirm':
      return handleConfirm(ctx, c);
    case 'approve':
      return handleApprove(ctx, c);
    case 'press':
      return handlePress(ctx, c);
    case 'freeze':
      return handleFreeze(ctx, c);
    case 'unfreeze':
      return handleUnfreeze(ctx, c);
    case 'freezes':
      return handleFreezes(ctx, c.app);
    case 'reviews':
      return handleReviews(ctx, c.app);
  }
}
