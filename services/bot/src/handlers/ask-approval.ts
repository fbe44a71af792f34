import {
  approvalExpiryMs,
  ExternalApiError,
  jobId,
  type ApprovalConfig,
  type ResolvedApp,
} from '@chatops/shared/contracts';
import { approvalBlocks } from '../render/approval-blocks.js';
import { approvalContext, waitingLine, waitingReply, type Running } from '../render/approval-text.js';
import type { DeployWords } from '../render/deploy-text.js';
import { describeCommand } from '../render/describe-command.js';
import type { DeployCommand, DeployExtras, GitHubPort, PendingApproval } from '../ports.js';
import type { CommandContext } from './command-context.js';
import { postOnce } from './post-once.js';

const DAY_S = 24 * 3600;
/** Deployments looked at to find what runs in the environment now. */
const LOOKED_AT = 5;

export type ApprovalAsk = {
  app: ResolvedApp;
  approval: ApprovalConfig;
  deploy: DeployCommand & { ref: string };
  extras: DeployExtras;
  githubEnvironment: string;
  words: DeployWords;
  fallback: string | undefined;
};

/** How long an approval request's keys are kept: past its end by a day (a late press is still told why). */
export const approvalKeepSeconds = (pending: PendingApproval, nowMs: number): number =>
  Math.max(60, Math.ceil((Date.parse(pending.expires_at) - nowMs) / 1000)) + DAY_S;

/**
 * Posts the approval request in the channel (or turns a confirmed question's message into it) with
 * what an approver needs, keeps the deployment to create until enough approvers approved, and
 * schedules the request's expiry (a delayed job: it survives restarts). Nothing is created in GitHub.
 */
export async function askApproval(ctx: CommandContext, ask: ApprovalAsk): Promise<void> {
  const { approvals, producer, clock, messages } = ctx.deps;
  const id = jobId(ctx.job.trigger_id);
  const pending = (await approvals.get(id)) ?? (await newRequest(ctx, ask));
  await approvals.save(id, pending, approvalKeepSeconds(pending, clock.now()));
  const text = `${pending.context}\n${waitingLine([], pending.required, pending.expires_at)}`;
  const blocks = approvalBlocks(id, text, pending.what);
  const earlier = await messages.get(`trigger-${id}`);
  const message = await postOnce(ctx, text, ask.fallback, blocks);
  // A confirmed deploy: its question's message becomes the request.
  if (earlier) await ctx.deps.slack.updateMessage({ channel: message.channel, ts: message.ts, text, blocks });
  await producer.command(
    'approve',
    {
      ...ctx.job,
      trigger_id: `expire-approval-${ctx.job.trigger_id}`,
      command: { action: 'approve', request_id: id, decision: 'expire' },
    },
    jobId('expire-approval', ctx.job.trigger_id),
    Math.max(0, Date.parse(pending.expires_at) - clock.now()) + 1000,
  );
  await ctx.reply({ text: waitingReply(pending.required, ask.approval.expires_after) });
}

async function newRequest(ctx: CommandContext, ask: ApprovalAsk): Promise<PendingApproval> {
  const { github, clock } = ctx.deps;
  const repository = ask.app.app.repository;
  const sha = await github.commitSha(repository, ask.deploy.ref);
  const running = await whatRunsThere(github, repository, ask.githubEnvironment, sha);
  const { approvals: _none, sha: _asked, ...extras } = ask.extras;
  return {
    job: ctx.job,
    deploy: ask.deploy,
    extras,
    sha,
    required: ask.approval.required,
    approvers: ask.approval.approvers,
    expires_at: new Date(clock.now() + approvalExpiryMs(ask.approval)).toISOString(),
    context: approvalContext({ words: ask.words, command: ask.deploy, sha, running }),
    what: describeCommand(ask.deploy),
  };
}

/**
 * The sha of the newest deployment of the environment whose latest status is success, and the
 * commits since then up to `sha`; null when none is found. A comparison GitHub refuses (a commit it
 * no longer has) is shown as unknown.
 */
async function whatRunsThere(github: GitHubPort, repository: string, environment: string, sha: string) {
  const list = await github.listDeployments(repository, { environment, perPage: LOOKED_AT });
  for (const d of list) {
    const [latest] = await github.listStatuses(repository, d.id);
    if (latest?.state !== 'success') continue;
    if (d.sha === sha) return { sha, comparison: null } satisfies Running;
    try {
      return { sha: d.sha, comparison: await github.compare(repository, d.sha, sha) } satisfies Running;
    } catch (e) {
      if (e instanceof ExternalApiError && !e.retryable) return { sha: d.sha, comparison: null } satisfies Running;
      throw e;
    }
  }
  return null;
}
