import {
  ExternalApiError,
  jobId,
  type AppConfig,
  type ChatCommand,
  type EnvironmentConfig,
} from '@chatops/shared/contracts';
import { branchSlug } from '../commands/branch-slug.js';
import { describePrincipals, mayOverride } from '../commands/authorize.js';
import type { CreateOutcome, DeploymentRequest } from '../ports.js';
import { buildDeploymentRequest, taskName } from './deployment-request.js';
import { findCreated } from './find-created.js';
import { askConfirmation } from './ask-confirmation.js';
import { lockRefusal } from './locks.js';
import { postOnce } from './post-once.js';
import { lookup, permitted } from './permission-again.js';
import { renderOutcome, type OutcomeContext } from './render-outcome.js';
import { resolveGroups, type Turn } from './worker-deps.js';

export type DeployCommand = Extract<ChatCommand, { action: 'deploy' }>;
const MAX_MERGES = 3;

export type DeployExtras = { task?: string; githubEnvironment?: string; teardown?: boolean; confirmedBy?: string };
type Admitted = {
  app: { name: string; app: AppConfig };
  environment: { name: string; environment: EnvironmentConfig };
};

/** The config app and environment, if this person may deploy there now (permission, lock); else tells them why not. */
async function admit(turn: Turn, command: DeployCommand): Promise<Admitted | null> {
  const resolved = lookup(turn, command);
  if (!resolved?.app || !resolved.environment) {
    await turn.reply({ text: `${command.app} ${command.environment} is no longer in the config.` });
    return null;
  }
  if (!(await permitted(turn, resolved))) return null;
  const lock = await turn.deps.locks.get(resolved.app.app.repository, resolved.environment.name);
  if (lock && lock.holder.slack_user_id !== turn.job.requester.slack_user_id) {
    await turn.reply({ text: lockRefusal(lock, turn.deps.clock()) });
    return null;
  }
  return { app: resolved.app, environment: resolved.environment };
}

/**
 * Creates the GitHub deployment of a deploy command: checks permission and lock, posts the one
 * in-channel message (once across retries), creates the deployment, and handles GitHub's answer.
 */
export async function handleDeploy(turn: Turn, command: DeployCommand, extras: DeployExtras = {}): Promise<void> {
  const { deps, job } = turn;
  const admitted = await admit(turn, command);
  if (!admitted) return;
  const { app, environment } = admitted;
  const requesterId = job.requester.slack_user_id;
  const ref = command.ref ?? (await deps.github.defaultBranch(app.app.repository));
  const githubEnvironment =
    extras.githubEnvironment ??
    (environment.environment.transient ? `${environment.name}-${branchSlug(ref)}` : environment.name);
  const mention = `<@${requesterId}>`;
  const what = `*${app.name}*/\`${/^[0-9a-f]{40}$/.test(ref) ? ref.slice(0, 7) : ref}\``;
  const fallback = environment.environment.channel ?? app.app.channel ?? deps.config.defaults.channel;
  if (environment.environment.confirm && !extras.confirmedBy) {
    const where = `*${githubEnvironment}*${notes(command)}`;
    const question = `${mention} asks to deploy ${what} to ${where}. Confirm within 5 minutes?`;
    return askConfirmation(turn, { ...command, ref }, extras, question, fallback);
  }
  await deployNow(turn, { command, extras, app, environment, ref, githubEnvironment, mention, what, fallback });
}

type Plan = Admitted & {
  command: DeployCommand;
  extras: DeployExtras;
  ref: string;
  githubEnvironment: string;
  mention: string;
  what: string;
  fallback: string | undefined;
};

/** Posts the message, creates the deployment and reports GitHub's answer in the message and to the person. */
async function deployNow(turn: Turn, plan: Plan): Promise<void> {
  const { command, extras, app, environment, ref, githubEnvironment, mention, what, fallback } = plan;
  const { deps, job } = turn;
  const rawTask = extras.task;
  const requesterId = job.requester.slack_user_id;
  // The name (users.info) is asked while the message is posted: neither waits for the other.
  const asking = deps.slack.userName(requesterId).catch(() => null);
  const message = await postOnce(
    turn,
    `${mention} is deploying ${what} to *${githubEnvironment}*${notes(command)}…`,
    fallback,
  );
  const name = (await asking) ?? job.requester.name;
  const request = buildDeploymentRequest({
    appName: app.name,
    environmentName: environment.name,
    githubEnvironment,
    environment: environment.environment,
    ref,
    task: rawTask ?? taskName(command.task),
    force: command.force,
    noop: command.noop,
    params: command.params,
    requester: { slack_user_id: requesterId, name },
    slack: { channel: message.channel, ts: message.ts },
    rollbackOf: command.rollback_of ?? null,
    confirmedBy: extras.confirmedBy,
    description:
      `${rawTask ?? taskName(command.task)} ${app.name}/${ref} ` +
      `to ${githubEnvironment} for ${name || requesterId} via chatops`,
  });
  if (extras.teardown) Object.assign(request, { auto_merge: false, required_contexts: [] });
  let outcome: CreateOutcome;
  try {
    outcome = await createOnce(turn, app.app.repository, request);
  } catch (e) {
    if (e instanceof ExternalApiError && e.retryable && turn.lastAttempt) {
      await deps.slack.updateMessage({
        ...message,
        text: `${mention} could not deploy ${what} to *${githubEnvironment}*: GitHub did not answer.`,
      });
    }
    throw e;
  }
  if (outcome.kind === 'merged') {
    return turn.reply({
      text: `GitHub kept merging the default branch into \`${ref}\`; nothing was deployed. Try again in a minute.`,
    });
  }
  const forceHint = await hintToForce(turn, environment, `${app.name}/${ref} to ${environment.name}`);
  const ctx: OutcomeContext = {
    mention,
    what,
    environment: githubEnvironment,
    repository: app.app.repository,
    ref,
    forceHint,
  };
  const text = renderOutcome(outcome, ctx);
  // Once the notifier shows the deployment's statuses in this message, it is the notifier's: a late
  // (retried) job must not put "created" back over a finished deployment.
  const taken = outcome.kind === 'created' && (await deps.messages.get(`deployment-${outcome.id}`));
  if (!taken) await deps.slack.updateMessage({ channel: message.channel, ts: message.ts, text: text.channel });
  await turn.reply({ response_type: 'ephemeral', text: text.person });
}

/**
 * Creates the deployment, again after each 202 auto-merge (up to 3). Remembers a created one by
 * trigger id, so a retried job reports it instead of creating a second.
 */
async function createOnce(turn: Turn, repository: string, request: DeploymentRequest): Promise<CreateOutcome> {
  const { store } = turn.deps;
  const marker = `deployed-${jobId(turn.job.trigger_id)}`;
  // A mark before the call: a retry that finds it looks for the deployment on GitHub first.
  const attempting = `creating-${jobId(turn.job.trigger_id)}`;
  // Both reads and the mark are sent together: one round trip instead of three. The store's one
  // connection runs them in order, so the read of the mark sees what an earlier attempt left, not
  // this one's (were it otherwise, a first attempt would only look on GitHub in vain, never create twice).
  const [known, attempted] = await Promise.all([
    store.recall(marker),
    store.recall(attempting),
    store.remember(attempting, '1', 7 * 24 * 3600),
  ]);
  if (known) {
    const [id, sha] = known.split(' ');
    return { kind: 'created', id: Number(id), sha: sha ?? '' };
  }
  const found = attempted ? await findCreated(turn.deps.github, repository, request) : null;
  if (found) return found;
  let outcome: CreateOutcome = { kind: 'merged', message: '' };
  for (let i = 0; i < MAX_MERGES && outcome.kind === 'merged'; i += 1) {
    outcome = await turn.deps.github.createDeployment(repository, request);
    if (outcome.kind === 'merged') {
      await turn.reply({
        response_type: 'ephemeral',
        text:
          `GitHub merged the default branch into \`${request.ref}\` because it was behind (${outcome.message}). ` +
          `Deploying the updated \`${request.ref}\` now.`,
        replace_original: false,
      });
    }
  }
  if (outcome.kind === 'created') {
    await turn.deps.store.remember(marker, `${outcome.id} ${outcome.sha}`, 7 * 24 * 3600);
    turn.log.info(
      {
        deploymentId: outcome.id,
        repository,
        environment: request.environment,
        ref: request.ref,
        trigger: turn.job.trigger_id,
      },
      'deployment created',
    );
  }
  return outcome;
}

function notes(command: DeployCommand): string {
  const parts = [
    command.task ? `task \`${command.task}\`` : '',
    command.noop ? 'dry run (noop)' : '',
    command.force ? 'forced past status checks' : '',
    command.rollback_of ? `rolling back deployment #${command.rollback_of}` : '',
  ].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

async function hintToForce(turn: Turn, env: Admitted['environment'], target: string): Promise<string> {
  const groups = await resolveGroups(turn.deps, env.environment.overriders);
  const may = mayOverride(env.name, env.environment, turn.job.requester.slack_user_id, groups);
  if (may.allowed === true) return `To deploy anyway, skipping the checks: \`${turn.deps.command} ${target} force\``;
  const who = env.environment.overriders.length ? describePrincipals(env.environment.overriders) : 'nobody';
  return `Only ${who} may force a deployment to ${env.name}.`;
}
