import { jobId } from '@chatops/shared/contracts';
import type { CreateOutcome, DeploymentRequest } from '../ports.js';
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
  const { store, github, payloadSecret } = ctx.deps;
  const marker = `deployed-${jobId(ctx.job.trigger_id)}`;
  const attempting = `creating-${jobId(ctx.job.trigger_id)}`;
  // Both reads and the mark are sent together: one round trip instead of three. The store's one
  // connection runs them in order, so the read of the mark sees what an earlier attempt left, not
  // this one's (were it otherwise, a first attempt would only look on GitHub in vain, never create twice).
  const [known, attempted] = await Promise.all([
    store.recall(marker),
    store.recall(attempting),
    store.remember(attempting, '1', WEEK_S),
  ]);
  if (known) {
    const [id, sha] = known.split(' ');
    return { outcome: { kind: 'created', id: Number(id), sha: sha ?? '' }, merges: [] };
  }
  const found = attempted ? await findCreated(github, repository, request, payloadSecret) : null;
  if (found) return { outcome: found, merges: [] };
  const merges: string[] = [];
  let outcome: CreateOutcome = { kind: 'merged', message: '' };
  for (let i = 0; i < MAX_MERGES && outcome.kind === 'merged'; i += 1) {
    outcome = await github.createDeployment(repository, request);
    if (outcome.kind === 'merged') merges.push(outcome.message);
  }
  if (outcome.kind === 'created') {
    await store.remember(marker, `${outcome.id} ${outcome.sha}`, WEEK_S);
    ctx.log.info(
      {
        deploymentId: outcome.id,
        repository,
        environment: request.environment,
        ref: request.ref,
        trigger: ctx.job.trigger_id,
      },
      'deployment created',
    );
  }
  return { outcome, merges };
}
