import { jobId, type ChatCommand } from '@chatops/shared/contracts';
import { describeCommand } from '../render/describe-command.js';
import type { PendingConfirmation } from '../ports.js';
import { handleDeploy } from './deploy.js';
import type { CommandContext } from './command-context.js';

const DAY = 24 * 3600;

/**
 * A press of Confirm or Cancel (or the question's expiry after 5 minutes). Only the requester may
 * press. The pending deployment is taken once, so two presses never deploy twice; a retried job
 * resumes from what its press took. The buttons are replaced by the outcome in the same message,
 * which then becomes the deployment's message.
 */
export async function handleConfirm(
  ctx: CommandContext,
  command: Extract<ChatCommand, { action: 'confirm' }>,
): Promise<void> {
  const { marks, confirmations, clock } = ctx.deps;
  const pressKey = `press-${jobId(ctx.job.trigger_id)}`;
  const resumed = await marks.recall(pressKey);
  if (resumed) return proceed(ctx, command, JSON.parse(resumed) as PendingConfirmation);
  const expiring = ctx.job.trigger_id.startsWith('expire-');
  const pending = await confirmations.get(command.confirmation_id);
  if (!pending || (!expiring && Date.parse(pending.expires_at) < clock.now())) {
    if (!expiring)
      await ctx.reply({
        text: 'This confirmation has expired (5 minutes) or was already answered. Run the command again.',
      });
    return;
  }
  const requester = pending.job.requester.slack_user_id;
  if (ctx.job.requester.slack_user_id !== requester) {
    return ctx.reply({ text: `Only <@${requester}>, who asked, may confirm or cancel this.` });
  }
  const taken = await confirmations.take(command.confirmation_id);
  if (!taken) return;
  await marks.remember(pressKey, JSON.stringify(taken), DAY);
  return proceed(ctx, command, taken);
}

async function proceed(
  ctx: CommandContext,
  command: Extract<ChatCommand, { action: 'confirm' }>,
  taken: PendingConfirmation,
): Promise<void> {
  const presser = ctx.job.requester.slack_user_id;
  const message = await ctx.deps.messages.get(`trigger-${command.confirmation_id}`);
  const what = describeCommand(taken.deploy);
  const update = async (text: string) => {
    if (message) await ctx.deps.slack.updateMessage({ channel: message.channel, ts: message.ts, text, blocks: [] });
  };
  if (ctx.job.trigger_id.startsWith('expire-'))
    return update(`Expired: nobody confirmed "${what}" within 5 minutes. Nothing was deployed.`);
  if (command.decision === 'cancel') return update(`<@${presser}> cancelled "${what}". Nothing was deployed.`);
  await update(`<@${presser}> confirmed "${what}"…`);
  const original = { ...ctx, job: { ...taken.job, response_url: ctx.job.response_url } };
  await handleDeploy(original, taken.deploy, { ...taken.extras, confirmedBy: presser });
}
