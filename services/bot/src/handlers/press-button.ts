import { code, type ChatCommand, type DeploymentButton } from '@chatops/shared/contracts';
import { buttonRefusals } from '../render/button-text.js';
import type { CommandContext } from './command-context.js';
import { handleCancel } from './control.js';
import { handleDeploy } from './deploy.js';
import { lookup, permitted } from './permission-again.js';
import { handleRollback } from './rollback.js';

const SHA = /^[0-9a-f]{40}$/;
const ENDED = new Set(['success', 'failure', 'error', 'inactive']);
const DAY_S = 24 * 3600;

/** The command a button stands for, as its presser would type it (a promote: a deploy of the sha). Pure. */
export function commandOfButton(button: DeploymentButton): ChatCommand {
  switch (button.action) {
    case 'promote':
      return {
        action: 'deploy',
        app: button.app,
        environment: button.target_environment ?? button.environment,
        ref: button.sha,
        force: false,
        noop: false,
        params: {},
      };
    case 'rollback':
      return { action: 'rollback', app: button.app, environment: button.environment };
    case 'cancel':
      return { action: 'cancel', app: button.app, environment: button.github_environment };
  }
}

/**
 * A press of Promote, Rollback or Cancel on a deployment's message: what the button means is read
 * by its server-side id; the presser must be allowed to do what it does (else told privately, and
 * nothing happens); one press per person and button counts; a Rollback of a deployment that is no
 * longer the newest, or a Cancel of one that ended, is refused. Then it is exactly the command the
 * presser could have typed, through the same checks (confirm, locks, freezes).
 */
export async function handlePress(ctx: CommandContext, command: { button_id: string }): Promise<void> {
  const { buttons, marks } = ctx.deps;
  const texts = buttonRefusals(ctx.deps.command);
  const button = await buttons.get(command.button_id);
  if (!button) return ctx.reply({ text: texts.unknown });
  const acting = commandOfButton(button);
  const resolved = lookup(ctx, acting);
  if (!resolved?.app || !resolved.environment)
    return ctx.reply({ text: `${button.app} ${button.environment} is no longer in the config.` });
  if (!(await permitted(ctx, resolved))) return;
  // A retried job goes on from where its checks passed (its own deployment makes the message stale).
  const checked = `press-checked-${ctx.job.trigger_id}`;
  if (!(await marks.recall(checked))) {
    if (!(await buttons.claimPress(command.button_id, ctx.job.requester.slack_user_id, ctx.job.trigger_id)))
      return ctx.reply({ text: texts.pressedAlready(button) });
    const stale = await staleness(ctx, button);
    if (stale) return ctx.reply({ text: stale });
    await marks.remember(checked, '1', DAY_S);
  }
  switch (button.action) {
    case 'promote':
      return promote(ctx, button, acting as Extract<ChatCommand, { action: 'deploy' }>);
    case 'rollback':
      return handleRollback(ctx, { app: button.app, environment: button.environment });
    case 'cancel':
      return handleCancel(ctx, { app: button.app, environment: button.github_environment }, button.deployment_id);
  }
}

/** Why the message's button no longer applies (a Rollback: a newer deployment; a Cancel: it ended), or null. */
async function staleness(ctx: CommandContext, button: DeploymentButton): Promise<string | null> {
  const texts = buttonRefusals(ctx.deps.command);
  const { github } = ctx.deps;
  if (button.action === 'rollback') {
    const [current] = (
      await github.listDeployments(button.repository, { environment: button.github_environment, perPage: 10 })
    ).filter((d) => d.task === 'deploy' || d.task.startsWith('deploy:'));
    return current && current.id !== button.deployment_id ? texts.notNewest(button, current.id) : null;
  }
  if (button.action === 'cancel') {
    const ended = (await github.listStatuses(button.repository, button.deployment_id)).find((s) => ENDED.has(s.state));
    return ended ? texts.ended(button, ended.state) : null;
  }
  return null;
}

/** Promote: the same sha, deployed to the next environment by the presser (never merged, never a newer commit). */
async function promote(
  ctx: CommandContext,
  button: DeploymentButton,
  deploy: Extract<ChatCommand, { action: 'deploy' }>,
): Promise<void> {
  await ctx.reply({
    text:
      `Promoting ${button.app} ${code(button.sha.slice(0, 7))} (#${button.deployment_id} on ${button.environment}) ` +
      `to ${deploy.environment}.`,
  });
  const branch = SHA.test(button.ref) ? undefined : button.ref;
  await handleDeploy(ctx, deploy, branch ? { branch } : {});
}
