import { randomBytes } from 'node:crypto';
import type { MessageRef } from '@chatops/shared/contracts';
import { activeTraceparent, SlackMessageGoneError } from '@chatops/shared/runtime';
import { namesCommit } from '../commands/names-commit.js';
import type { DeployCommand, DeployExtras, DeploymentRequest } from '../ports.js';
import type { Admitted } from './admit-deploy.js';
import { givesUp, type CommandContext } from './command-context.js';
import { createDeployment, type Creation } from './create-deployment.js';
import {
  deployingText,
  deploymentDescription,
  keptMergingText,
  mergedNote,
  noAnswerText,
  type DeployWords,
} from '../render/deploy-text.js';
import { buildDeploymentRequest } from './deployment-request.js';
import { forceHint } from './force-hint.js';
import { postOnce } from './post-once.js';
import { renderOutcome } from '../render/render-outcome.js';
import { approvedBy } from '../render/approval-text.js';

export type DeployPlan = Admitted & {
  command: DeployCommand;
  extras: DeployExtras;
  ref: string;
  githubEnvironment: string;
  task: string;
  words: DeployWords;
  fallback: string | undefined;
};

/**
 * Posts the one in-channel message, creates the deployment (its payload signed), and reports
 * GitHub's answer in the message and, in one answer, to the person. True when GitHub created it.
 */
export async function deployNow(ctx: CommandContext, plan: DeployPlan): Promise<boolean> {
  const { deps, job } = ctx;
  const requesterId = job.requester.slack_user_id;
  // The name (users.info) is asked while the message is posted: neither waits for the other.
  const asking = deps.slack.userName(requesterId).catch(() => null);
  const message = await postOnce(ctx, deployingText(plan.words), plan.fallback);
  const name = (await asking) ?? job.requester.name;
  const request = deploymentRequest(ctx, plan, message, name);
  const { outcome, merges } = await create(ctx, plan, request, message);
  if (outcome.kind === 'merged') {
    await ctx.reply({ text: keptMergingText(plan.ref) });
    return false;
  }
  const hint =
    outcome.kind === 'checks'
      ? await forceHint(ctx, plan.environment, `${plan.app.name}/${plan.ref} to ${plan.environment.name}`)
      : '';
  const text = renderOutcome(outcome, {
    words: plan.words,
    repository: plan.app.app.repository,
    ref: plan.ref,
    forceHint: hint,
  });
  // Once the notifier shows the deployment's statuses in this message, it is the notifier's: a late
  // (retried) job must not put "created" back over a finished deployment.
  const taken = outcome.kind === 'created' && (await deps.messages.get(`deployment-${outcome.id}`));
  const approved = plan.extras.approvals?.length ? `\nApproved by ${approvedBy(plan.extras.approvals)}.` : '';
  if (!taken) await update(ctx, message, `${text.channel}${approved}`);
  const merged = merges.length > 0 ? `${mergedNote(plan.ref, merges.at(-1) ?? '')}\n` : '';
  await ctx.reply({ response_type: 'ephemeral', text: `${merged}${text.person}` });
  return outcome.kind === 'created';
}

function deploymentRequest(ctx: CommandContext, plan: DeployPlan, message: MessageRef, name: string) {
  const { command, extras } = plan;
  const requesterId = ctx.job.requester.slack_user_id;
  const branch = branchOf(plan.ref, extras);
  const trace = activeTraceparent();
  return buildDeploymentRequest({
    repository: plan.app.app.repository,
    appName: plan.app.name,
    githubEnvironment: plan.githubEnvironment,
    environment: plan.environment.environment,
    ref: extras.sha ?? plan.ref,
    task: plan.task,
    force: command.force,
    ...(plan.forcedFreeze && command.force_reason ? { forceReason: command.force_reason } : {}),
    noop: command.noop,
    params: command.params,
    requester: { slack_user_id: requesterId, name },
    slack: { channel: message.channel, ts: message.ts },
    rollbackOf: command.rollback_of ?? null,
    ...(branch ? { branch } : {}),
    ...(extras.confirmedBy ? { confirmedBy: extras.confirmedBy } : {}),
    ...(extras.approvals?.length ? { approvals: extras.approvals } : {}),
    ...(extras.teardown ? { teardown: true } : {}),
    ...(trace ? { trace } : {}),
    description: deploymentDescription({
      task: plan.task,
      appName: plan.app.name,
      ref: plan.ref,
      githubEnvironment: plan.githubEnvironment,
      requester: name || requesterId,
    }),
    secret: ctx.deps.payloadSecret,
    nonce: randomBytes(16).toString('hex'),
  });
}

/**
 * The branch signed into the payload: the one given; else, for a deployment of a given sha, the
 * ref it was asked by unless that names the sha itself. Pure.
 */
function branchOf(ref: string, extras: DeployExtras): string | undefined {
  if (extras.branch || !extras.sha) return extras.branch;
  return namesCommit(ref, extras.sha) ? undefined : ref;
}

/** Creates it; when GitHub never answered on the job's last try, the message says so before the job fails. */
async function create(
  ctx: CommandContext,
  plan: DeployPlan,
  request: DeploymentRequest,
  message: MessageRef,
): Promise<Creation> {
  try {
    return await createDeployment(ctx, plan.app.app.repository, request);
  } catch (e) {
    if (givesUp(ctx, e)) {
      await update(ctx, message, noAnswerText(plan.words));
    }
    throw e;
  }
}

/** Updates the message; one a person deleted meanwhile is left alone (the person is still answered). */
async function update(ctx: CommandContext, message: MessageRef, text: string): Promise<void> {
  try {
    await ctx.deps.slack.updateMessage({ channel: message.channel, ts: message.ts, text });
  } catch (e) {
    if (!(e instanceof SlackMessageGoneError)) throw e;
    ctx.log.warn({ channel: message.channel, ts: message.ts }, 'the deployment message is gone; not updated');
  }
}
