import { ExternalApiError } from '@chatops/shared/contracts';
import { handleConfirm } from './confirm.js';
import { handleCancel, handleDestroy, handleHealth } from './control.js';
import { handleDeploy } from './deploy.js';
import { handleHistory, handleWhere } from './deployment-info.js';
import { helpText } from '../commands/help-text.js';
import { handleLock, handleLocks, handleUnlock } from './locks.js';
import { handleRollback } from './rollback.js';
import { resolveGroups, type Turn } from './worker-deps.js';

/** Runs one chat command job. A transient failure on the last try is told to the person, then fails the job. */
export async function runCommand(turn: Turn): Promise<void> {
  try {
    await dispatch(turn);
  } catch (e) {
    if (e instanceof ExternalApiError && e.retryable && turn.lastAttempt) {
      await turn
        .reply({
          text:
            `Sorry, ${e.context?.api ?? 'an API'} did not answer after several tries, so I could not finish this. ` +
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
      await turn.reply({ text: refusedSentence(e) }).catch(() => undefined);
    throw e;
  }
}

/** One plain sentence for a permanent refusal by GitHub or Slack, never the raw API error. */
export function refusedSentence(e: ExternalApiError): string {
  const api = e.context?.api === 'slack' ? 'Slack' : 'GitHub';
  if (e.status === 404)
    return `${api} could not find what I asked for: the repository does not exist, or the bot has no access to it.`;
  if (e.status === 401 || e.status === 403)
    return `${api} refused the bot's credentials or permissions; an operator must check its token.`;
  return `${api} refused the request${e.status ? ` (HTTP ${e.status})` : ''}, so I could not finish this.`;
}

async function dispatch(turn: Turn): Promise<void> {
  const c = turn.job.command;
  switch (c.action) {
    case 'deploy':
      return handleDeploy(turn, c);
    case 'help': {
      const principals = Object.values(turn.deps.config.apps).flatMap((a) =>
        Object.values(a.environments).flatMap((e) => e.deployers),
      );
      const groups = await resolveGroups(turn.deps, principals);
      return turn.reply({
        text: helpText(turn.deps.config, turn.deps.command, turn.job.requester.slack_user_id, groups),
      });
    }
    case 'where':
      return handleWhere(turn, c.app);
    case 'history':
      return handleHistory(turn, c.app, c.environment);
    case 'lock':
      return handleLock(turn, c);
    case 'unlock':
      return handleUnlock(turn, c);
    case 'locks':
      return handleLocks(turn, c.app);
    case 'rollback':
      return handleRollback(turn, c);
    case 'destroy':
      return handleDestroy(turn, c);
    case 'cancel':
      return handleCancel(turn, c);
    case 'health':
      return handleHealth(turn, c);
    case 'confirm':
      return handleConfirm(turn, c);
  }
}
