import { jobId } from '@chatops/shared/contracts';
import type { CreateOutcome, DeploymentRequest, GitHubPort } from '../ports.js';
import type { CommandContext } from './command-context.js';
import { findCreated } from './find-created.js';

/** GitHub answers 202 when it merged the default branch into the ref first: the bot asks again, up to 3 times. */
const MAX_MERGES = 3;
const WEEK_S = 7 * 24 * 3600;

/** GitHub's final answer, and the messages of the merges it made on the way (auto_merge). */
export type Creation = { outcome: CreateOutcome; merges: string[] };

/**
 * Creates the deployment once across job retries and crashes: a created one is remembered by
 * trigger id (a retry reports it instead of creating a second), and a mark is set before the call,
 * so a retry that finds the mark but no id looks for it on GitHub first. After each 202 (GitHub
 * merged the default branch into the ref) it asks again, up to 3 times.
 */
export async function createDeployment(
  ctx: CommandContext,
  repository: string,
  request: DeploymentRequest,
): Promise<Creation> {
  const earlier = await createdEarlier(ctx, repository, request);
  if (earlier) return { outcome: earlier, merges: [] };
  const creation = await createThroughMerges(ctx.deps.github, repository, request);
  if (creation.outcome.kind === 'created') await noteCreated(ctx, repository, request, creation.outcome);
  return creation;
}

/**
 * The deployment an earlier attempt of this job created: noted by its id, or (the attempt died
 * before noting it) found on GitHub. Null when none did; marks this attempt as creating.
 */
async function createdEarlier(
  ctx: CommandContext,
  repository: string,
  request: DeploymentRequest,
): Promise<CreateOutcome | null> {
  const { marks, github, payloadSecret } = ctx.deps;
  // Both reads and the mark are sent together: one round trip instead of three. The marks' one
  // connection runs them in order, so the read of the mark sees what an earlier attempt left, not
  // this one's (were it otherwise, a first attempt would only look on GitHub in vain, never create twice).
  const [known, attempted] = await Promise.all([
    marks.recall(createdMark(ctx)),
    marks.recall(creatingMark(ctx)),
    marks.remember(creatingMark(ctx), '1', WEEK_S),
  ]);
  if (known) {
    const [id, sha] = known.split(' ');
    return { kind: 'created', id: Number(id), sha: sha ?? '' };
  }
  return attempted ? findCreated(github, repository, request, payloadSecret) : null;
}

/** Asks GitHub, and again after each merge it made first (at most 3 times). */
async function createThroughMerges(
  github: GitHubPort,
  repository: string,
  request: DeploymentRequest,
): Promise<Creation> {
  const merges: string[] = [];
  let outcome: CreateOutcome = { kind: 'merged', message: '' };
  for (let i = 0; i < MAX_MERGES && outcome.kind === 'merged'; i += 1) {
    outcome = await github.createDeployment(repository, request);
    if (outcome.kind === 'merged') merges.push(outcome.message);
  }
  return { outcome, merges };
}

/** Notes the created deployment by trigger id (a retry reports it), with its log line. */
async function noteCreated(
  ctx: CommandContext,
  repository: string,
  request: DeploymentRequest,
  created: Extract<CreateOutcome, { kind: 'created' }>,
): Promise<void> {
  await ctx.deps.marks.remember(createdMark(ctx), `${created.id} ${created.sha}`, WEEK_S);
  // The signed payload counts for this deployment only: claimed here as soon as GitHub named it, before
  // anyone could copy the payload into a deployment of their own (heaven and the notifier claim it too).
  const nonce = readNonce(request.payload);
  if (nonce) await ctx.deps.nonces.claim(nonce, created.id);
  const { environment, ref } = request;
  ctx.log.info(
    { deploymentId: created.id, repository, environment, ref, trigger: ctx.job.trigger_id },
    'deployment created',
  );
}

const createdMark = (ctx: CommandContext) => `deployed-${jobId(ctx.job.trigger_id)}`;
const creatingMark = (ctx: CommandContext) => `creating-${jobId(ctx.job.trigger_id)}`;

/** The nonce of the chatops payload the bot signed into this request. */
function readNonce(payload: Record<string, unknown>): string | undefined {
  const chatops = payload.chatops as { nonce?: unknown } | undefined;
  return typeof chatops?.nonce === 'string' ? chatops.nonce : undefined;
}
