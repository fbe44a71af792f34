import { approvalExpiryMs, jobId, type ChatCommandJob, type ProtectionRuleJob } from '@chatops/shared/contracts';
import type { Logger } from '@chatops/shared/runtime';
import { approvalBlocks } from '../render/approval-blocks.js';
import { waitingLine } from '../render/approval-text.js';
import { protectionComment, runApprovalContext, runWhat, tokenOnlyText } from '../render/protection-text.js';
import type { PendingApproval, ProtectionReview } from '../ports.js';
import { expireApproval } from './approve.js';
import { approvalKeepSeconds } from './ask-approval.js';
import type { CommandContext, CommandDeps } from './command-context.js';
import { postOnce } from './post-once.js';
import type { ProtectionVerdict } from './protection-verdict.js';
import { runPlace, runTarget, runVerdict, type RunTarget } from './run-verdict.js';

const DAY_S = 24 * 3600;

/** The approval request's id of a waiting run: its repository, run, environment and this attempt's deployment. */
const runRequestId = (run: ProtectionRuleJob) =>
  jobId('run', run.repository.toLowerCase(), run.run_id, run.environment, run.deployment_id ?? 'none');

/**
 * A GitHub Actions run waits at an environment whose custom deployment protection rule is this
 * GitHub App (`check`, from heaven), or looks again (`recheck`: the freeze it waited for ended;
 * `expire`: its approval request's time is up). Frozen: rejected with the freeze's reason, or (with
 * `protection_rule: { when_frozen: wait }`) a progress comment and a look again when the freeze
 * ends; locked: rejected; else the approvers are asked in the environment's channel with the same
 * approval request a chat deploy gets (Approve and Reject answer the run: approve.ts), or, without
 * `approval:`, it is approved. Without a GitHub App (only GITHUB_TOKEN) GitHub takes no answer: the
 * channel is told once, and the error logged.
 */
export async function handleProtectionRule(
  deps: CommandDeps,
  run: ProtectionRuleJob,
  name: string,
  log: Logger,
  lastAttempt: boolean,
): Promise<void> {
  const target = runTarget(deps, run);
  if (!target) {
    log.warn(
      { repository: run.repository, environment: run.environment },
      'no such environment in the config any more',
    );
    return;
  }
  const ctx = runContext(deps, run, target, log, lastAttempt);
  if (!deps.githubApp) {
    log.error(
      { repository: run.repository, environment: run.environment, run: run.run_id },
      'a GitHub Actions run waits for chatops, but a custom deployment protection rule is answered only by a ' +
        'GitHub App: set GITHUB_APP_ID, GITHUB_APP_PRIVATE_KEY and GITHUB_APP_INSTALLATION_ID',
    );
    await postOnce(ctx, tokenOnlyText(run, runPlace(target)), undefined);
    return;
  }
  if (name === 'expire') {
    const pending = await deps.approvals.get(runRequestId(run));
    if (pending) await expireApproval(ctx, runRequestId(run), pending, false);
    return;
  }
  const verdict = await runVerdict(deps, target, true);
  return act(ctx, run, target, verdict);
}

async function act(ctx: CommandContext, run: ProtectionRuleJob, target: RunTarget, verdict: ProtectionVerdict) {
  const { github, producer, marks, clock } = ctx.deps;
  const environment_name = run.environment;
  switch (verdict.kind) {
    case 'reject':
      return github.reviewProtectionRule(run.repository, run.run_id, {
        environment_name,
        state: 'rejected',
        comment: verdict.comment,
      });
    case 'approve':
      return github.reviewProtectionRule(run.repository, run.run_id, {
        environment_name,
        state: 'approved',
        comment: verdict.comment,
      });
    case 'wait': {
      // One progress comment per freeze end waited for (a retried job, a redelivery: the same).
      const mark = `protection-wait-${runRequestId(run)}-${verdict.until}`;
      if (!(await marks.recall(mark))) {
        await github.reviewProtectionRule(run.repository, run.run_id, { environment_name, comment: verdict.comment });
        await marks.remember(mark, '1', Math.ceil((verdict.until - clock.now()) / 1000) + DAY_S);
      }
      const delay = Math.max(0, verdict.until - clock.now()) + 1000;
      return producer.protectionRule('recheck', run, jobId('recheck', runRequestId(run), verdict.until), delay);
    }
    case 'ask':
      if (!ctx.job.channel_id)
        return github.reviewProtectionRule(run.repository, run.run_id, {
          environment_name,
          state: 'rejected',
          comment: protectionComment.noChannel(runPlace(target)),
        });
      return askRunApproval(ctx, run, target);
  }
}

/**
 * Posts the approval request of a waiting run in the environment's channel (once), tells GitHub the
 * run waits for approval (a progress comment), and schedules the request's expiry.
 */
async function askRunApproval(ctx: CommandContext, run: ProtectionRuleJob, target: RunTarget): Promise<void> {
  const { approvals, producer, clock, marks, github } = ctx.deps;
  const approval = target.environment.environment.approval!;
  const id = runRequestId(run);
  const pending: PendingApproval = (await approvals.get(id)) ?? {
    job: ctx.job,
    deploy: ctx.job.command as PendingApproval['deploy'],
    extras: {},
    required: approval.required,
    approvers: approval.approvers,
    expires_at: new Date(clock.now() + approvalExpiryMs(approval)).toISOString(),
    context: runApprovalContext(run, runPlace(target)),
    what: runWhat(run),
    run,
  };
  await approvals.save(id, pending, approvalKeepSeconds(pending, clock.now()));
  const text = `${pending.context}\n${waitingLine([], pending.required, pending.expires_at)}`;
  await postOnce(ctx, text, undefined, approvalBlocks(id, text, pending.what));
  const mark = `protection-asked-${id}`;
  if (!(await marks.recall(mark))) {
    const review: ProtectionReview = {
      environment_name: run.environment,
      comment: protectionComment.asked(pending.required),
    };
    await github.reviewProtectionRule(run.repository, run.run_id, review);
    await marks.remember(mark, '1', approvalKeepSeconds(pending, clock.now()));
  }
  const delay = Math.max(0, Date.parse(pending.expires_at) - clock.now()) + 1000;
  await producer.protectionRule('expire', run, jobId('expire', id), delay);
}

/**
 * The context a run is handled in: a job that stands for the run (its request id as the trigger,
 * the environment's channel, GitHub's sender as the requester: never a Slack user, so every
 * approver may approve), and answers that go to the log (there is no person to answer).
 */
function runContext(
  deps: CommandDeps,
  run: ProtectionRuleJob,
  target: RunTarget,
  log: Logger,
  lastAttempt: boolean,
): CommandContext {
  const channel =
    target.environment.environment.channel ?? target.app.app.channel ?? deps.config.defaults.channel ?? '';
  const job: ChatCommandJob = {
    trigger_id: runRequestId(run),
    team_id: 'github',
    channel_id: channel,
    requester: { slack_user_id: `github:${run.sender}`, name: run.sender },
    response_url: run.run_url,
    received_at: new Date(deps.clock.now()).toISOString(),
    command: {
      action: 'deploy',
      app: target.app.name,
      environment: target.environment.name,
      ref: run.sha,
      force: false,
      noop: false,
      params: {},
    },
  };
  return {
    job,
    deps,
    log,
    lastAttempt,
    reply: async (reply) => log.info({ reply: reply.text }, 'not told: no person asked'),
  };
}
