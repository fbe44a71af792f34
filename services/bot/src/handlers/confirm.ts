import type { ChatCommand } from '@chatops/shared';
import { describeCommand } from '../commands/describe-command.js';
import { handleDeploy } from './deploy.js';
import { handleRollback } from './rollback.js';
import type { Turn } from './worker-deps.js';

/**
 * A press of Confirm or Cancel. Only the requester may press; the buttons' message is replaced by
 * the outcome. The pending command is taken once, so two presses never deploy twice.
 */
export async function handleConfirm(turn: Turn, command: Extract<ChatCommand, { action: 'confirm' }>): Promise<void> {
  const { store } = turn.deps;
  const presser = turn.job.requester.slack_user_id;
  const pending = await store.getConfirmation(command.confirmation_id);
  if (!pending || Date.parse(pending.expires_at) < turn.deps.clock()) {
    return turn.reply({ text: 'This confirmation has expired (5 minutes) or was already answered. Run the command again.', replace_original: true });
  }
  const requester = pending.job.requester.slack_user_id;
  if (presser !== requester) {
    return turn.reply({ text: `Only <@${requester}>, who asked, may confirm or cancel this.`, response_type: 'ephemeral', replace_original: false });
  }
  const taken = await store.takeConfirmation(command.confirmation_id);
  if (!taken) return;
  const original = taken.job.command;
  if (command.decision === 'cancel') {
    return turn.reply({ text: `Cancelled: ${describeCommand(original)}. Nothing was deployed.`, replace_original: true });
  }
  await turn.reply({ text: `Confirmed by <@${presser}>: ${describeCommand(original)}…`, replace_original: true });
  const confirmed: Turn = { ...turn, job: { ...taken.job, response_url: turn.job.response_url } };
  if (original.action === 'deploy') await handleDeploy(confirmed, original);
  else if (original.action === 'rollback') await handleRollback(confirmed, original);
}
