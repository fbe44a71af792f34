import { jobId, type ChatCommand } from '@chatops/shared/contracts';
import { CONFIRM_TTL_SECONDS, confirmationBlocks } from '../render/confirmation-blocks.js';
import type { PendingConfirmation } from '../ports.js';
import { postOnce } from './post-once.js';
import type { CommandContext } from './command-context.js';

/**
 * Posts the in-channel question with Confirm and Cancel buttons, keeps the deployment to create
 * for 5 minutes, and schedules the question's expiry. Nothing is created until Confirm.
 */
export async function askConfirmation(
  ctx: CommandContext,
  deploy: Extract<ChatCommand, { action: 'deploy' }>,
  extras: PendingConfirmation['extras'],
  question: string,
  fallbackChannel: string | undefined,
): Promise<void> {
  const { confirmations, producer, clock } = ctx.deps;
  const id = jobId(ctx.job.trigger_id);
  await postOnce(ctx, question, fallbackChannel, confirmationBlocks(id, question));
  const expiresAt = new Date(clock.now() + CONFIRM_TTL_SECONDS * 1000).toISOString();
  await confirmations.save(id, { job: ctx.job, expires_at: expiresAt, deploy, extras }, CONFIRM_TTL_SECONDS + 120);
  await producer.command(
    'confirm',
    {
      ...ctx.job,
      trigger_id: `expire-${ctx.job.trigger_id}`,
      command: { action: 'confirm', confirmation_id: id, decision: 'cancel' },
    },
    jobId('expire', ctx.job.trigger_id),
    CONFIRM_TTL_SECONDS * 1000 + 1000,
  );
  await ctx.reply({
    text: 'Waiting for your confirmation: press Confirm on the message in the channel within 5 minutes.',
  });
}
