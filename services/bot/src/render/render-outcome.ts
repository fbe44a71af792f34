import { code, escapeCut, escapeMrkdwn } from '@chatops/shared/contracts';
import type { CreateOutcome, FailingContext } from '../ports.js';
import type { DeployWords } from './deploy-text.js';
import { credentialsRefused, permissionRefused } from './refused-sentence.js';

export type OutcomeContext = {
  words: DeployWords;
  repository: string;
  ref: string;
  /** The command that forces it, when this person may force; else who may. */
  forceHint: string;
};

type Refusal = Exclude<CreateOutcome, { kind: 'merged' | 'created' }>;

/**
 * The in-channel message (`channel`) and the answer to the person (`person`) for a final GitHub
 * answer. Everything GitHub chose (contexts, messages) is escaped. Pure.
 */
export function renderOutcome(
  outcome: Exclude<CreateOutcome, { kind: 'merged' }>,
  c: OutcomeContext,
): { channel: string; person: string } {
  const { mention, what, environment } = c.words;
  if (outcome.kind === 'created') {
    const { id } = outcome;
    const sha = code(outcome.sha.slice(0, 7));
    return {
      channel: `${mention} is deploying ${what} (${sha}) to *${environment}*: deployment #${id} created.`,
      person: `Deployment #${id} of ${what} to ${environment} created. Its progress shows in the channel.`,
    };
  }
  const [why, person] = refusal(outcome, c);
  return { channel: `${mention} could not deploy ${what} to *${environment}*: ${why}.`, person };
}

/** Why nothing was deployed, in the channel's few words and in the person's sentences. */
function refusal(outcome: Refusal, c: OutcomeContext): [why: string, person: string] {
  const ref = code(c.ref);
  switch (outcome.kind) {
    case 'checks': {
      const lines = outcome.contexts.map(contextLine);
      const person = [`GitHub refused to deploy ${ref}: its status checks are not all green.`, ...lines, c.forceHint];
      return ['its status checks are not all green', person.join('\n')];
    }
    case 'conflict':
      return [
        'merge conflict',
        `GitHub could not merge the default branch into ${ref} because of a merge conflict. ` +
          `Merge or rebase ${ref} and deploy again.`,
      ];
    case 'unknown-repo':
      return [
        'unknown repository',
        `GitHub does not know the repository ${c.repository}, or the bot has no access to it.`,
      ];
    case 'unknown-ref':
      return ['unknown ref', `GitHub does not know ${ref} in ${c.repository}. Check the branch, tag or sha.`];
    case 'unauthorized':
      return ["GitHub refused the bot's credentials", credentialsRefused('GitHub')];
    case 'forbidden':
      return ['GitHub refused the bot permission', permissionRefused('GitHub')];
    case 'invalid': {
      const reason = escapeCut(outcome.message.split('\n')[0] ?? '', 300);
      return ['GitHub refused the request', `GitHub refused the deployment as invalid: ${reason}`];
    }
  }
}

function contextLine(ctx: FailingContext): string {
  return `• ${escapeCut(ctx.context, 100)}: ${escapeMrkdwn(ctx.state)}`;
}
