import { taskName } from '../commands/task-name.js';
import { githubEnvironmentOf } from '../commands/transient-environment.js';
import type { DeployCommand, DeployExtras } from '../ports.js';
import { admitDeploy } from './admit-deploy.js';
import { askApproval } from './ask-approval.js';
import { askConfirmation } from './ask-confirmation.js';
import type { CommandContext } from './command-context.js';
import { deployNow, type DeployPlan } from './deploy-now.js';
import { deployRefusal } from './deploy-refusal.js';
import { deployWords, questionText } from '../render/deploy-text.js';
import { forcedPastFreezeText } from '../render/freeze-text.js';
import { lockAfterRollback } from './lock-after-rollback.js';

/**
 * A deploy command (also a rollback's, a destroy's and a confirmed one's): admission (permission,
 * lock), the ref (default: the repository's default branch) and the GitHub environment, what keeps
 * it from being created at all, then the question of an environment that asks to confirm, the
 * approval request of one that needs approvals, or the deployment itself.
 */
export async function handleDeploy(
  ctx: CommandContext,
  command: DeployCommand,
  given: DeployExtras = {},
): Promise<void> {
  const admitted = await admitDeploy(ctx, command);
  if (!admitted) return;
  const { app, environment } = admitted;
  const ref = command.ref ?? (await ctx.deps.github.defaultBranch(app.app.repository));
  // The default branch is a branch: signed, it spares heaven asking GitHub what the ref is.
  const extras: DeployExtras = command.ref || given.branch ? given : { ...given, branch: ref };
  const githubEnvironment =
    extras.githubEnvironment ?? githubEnvironmentOf(environment.name, environment.environment, ref);
  const task = extras.task ?? taskName(command.task);
  const refusal = deployRefusal(ctx.deps.config, admitted, { ref, githubEnvironment, task, command });
  if (refusal) return ctx.reply({ text: refusal });
  const words = deployWords({
    requesterId: ctx.job.requester.slack_user_id,
    appName: app.name,
    ref,
    githubEnvironment,
    command,
  });
  const fallback = environment.environment.channel ?? app.app.channel ?? ctx.deps.config.defaults.channel;
  if (environment.environment.confirm && !extras.confirmedBy) {
    return askConfirmation(ctx, { ...command, ref }, extras, questionText(words), fallback);
  }
  const approval = environment.environment.approval;
  if (approval && !extras.approvals) {
    return askApproval(ctx, { app, approval, deploy: { ...command, ref }, extras, githubEnvironment, words, fallback });
  }
  const plan: DeployPlan = { ...admitted, command, extras, ref, githubEnvironment, task, words, fallback };
  const created = await deployNow(ctx, plan);
  if (created && command.rollback_of) await lockAfterRollback(ctx, admitted, command.rollback_of);
  if (created && admitted.forcedFreeze && command.force_reason) {
    // The channel sees who deploys during a freeze, and why (the reason is signed into the payload too).
    await ctx.reply({
      response_type: 'in_channel',
      text: forcedPastFreezeText({
        requesterId: ctx.job.requester.slack_user_id,
        what: words.what,
        environment: words.environment,
        verdict: admitted.forcedFreeze,
        reason: command.force_reason,
        nowMs: ctx.deps.clock.now(),
      }),
    });
  }
}
