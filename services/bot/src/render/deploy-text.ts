import { code, escapeMrkdwn } from '@chatops/shared/contracts';
import type { DeployCommand } from '../ports.js';

/** The words every text about one deployment shares: who, what (app and ref) and where, escaped. */
export type DeployWords = { mention: string; what: string; environment: string; notes: string };

const SHA = /^[0-9a-f]{40}$/;

/** The words of a deployment, every value from outside escaped. Pure. */
export function deployWords(input: {
  requesterId: string;
  appName: string;
  ref: string;
  githubEnvironment: string;
  command: DeployCommand;
}): DeployWords {
  const ref = SHA.test(input.ref) ? input.ref.slice(0, 7) : input.ref;
  return {
    mention: `<@${input.requesterId}>`,
    what: `*${input.appName}*/${code(ref)}`,
    environment: escapeMrkdwn(input.githubEnvironment),
    notes: deployNotes(input.command),
  };
}

/** What is special about this deployment, in parentheses, or nothing. */
function deployNotes(command: DeployCommand): string {
  const parts = [
    command.task ? `task ${code(command.task)}` : '',
    command.noop ? 'dry run (noop)' : '',
    command.force ? 'forced past status checks' : '',
    command.rollback_of ? `rolling back deployment #${command.rollback_of}` : '',
  ].filter(Boolean);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

/** The in-channel question of an environment that asks to confirm. */
export function questionText(w: DeployWords): string {
  return `${w.mention} asks to deploy ${w.what} to *${w.environment}*${w.notes}. Confirm within 5 minutes?`;
}

/** The in-channel message while the deployment is being created. */
export function deployingText(w: DeployWords): string {
  return `${w.mention} is deploying ${w.what} to *${w.environment}*${w.notes}…`;
}

/** The in-channel message when GitHub never answered (the job's last try). */
export function noAnswerText(w: DeployWords): string {
  return `${w.mention} could not deploy ${w.what} to *${w.environment}*: GitHub did not answer.`;
}

/** The answer when GitHub merged the default branch into the ref each time it was asked. */
export function keptMergingText(ref: string): string {
  return `GitHub kept merging the default branch into ${code(ref)}; nothing was deployed. Try again in a minute.`;
}

/** A line before the answer, when GitHub merged the default branch into the ref first (auto_merge). */
export function mergedNote(ref: string, message: string): string {
  const why = message ? ` (${escapeMrkdwn(message)})` : '';
  return `GitHub merged the default branch into ${code(ref)} first, because it was behind${why}.`;
}

/** The deployment's description on GitHub (≤ 140 characters). */
export function deploymentDescription(input: {
  task: string;
  appName: string;
  ref: string;
  githubEnvironment: string;
  requester: string;
}): string {
  const { task, appName, ref, githubEnvironment, requester } = input;
  return `${task} ${appName}/${ref} to ${githubEnvironment} for ${requester} via chatops`.slice(0, 140);
}
