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

/**
 * The in-channel message (`channel`) and the answer to the person (`person`) for a final GitHub
 * answer. Everything GitHub chose (contexts, messages) is escaped. Pure.
 */
export function renderOutcome(
  outcome: Exclude<CreateOutcome, { kind: 'merged' }>,
  c: OutcomeContext,
): { channel: string; person: string } {
  const { mention, what, environment } = c.words;
  const ref = code(c.ref);
  const notDeployed = (why: string, person: string) => ({
    channel: `${mention} could not deploy ${what} to *${environment}*: ${why}.`,
    person,
  });
  switch (outcome.kind) {
    case 'created': {
      const { id } = outcome;
      const sha = code(outcome.sha.slice(0, 7));
      return {
        channel: `${mention} is deploying ${what} (${sha}) to *${environment}*: deployment #${id} created.`,
        person: `Deployment #${id} of ${what} to ${environment} created. Its progress shows in the channel.`,
      };
    }
    case 'checks':
      return notDeployed(
        'its status checks are not all green',
        [
          `GitHub refused to deploy ${ref}: its status checks are not all green.`,
          ...outcome.contexts.map(contextLine),
          c.forceHint,
        ].join('\n'),
      );
    case 'conflict':
      return notDeployed(
        'merge conflict',
        `GitHub could not merge the default branch into ${ref} because of a merge conflict. ` +
          `Merge or rebase ${ref} and deploy again.`,
      );
    case 'unknown-repo':
      return notDeployed(
        'unknown repository',
        `GitHub does not know the repository ${c.repository}, or the bot has no access to it.`,
      );
    case 'unknown-ref':
      return notDeployed(
        'unknown ref',
        `GitHub does not know ${ref} in ${c.repository}. Check the branch, tag or sha.`,
      );
    case 'unauthorized':
      return notDeployed("GitHub refused the bot's credentials", credentialsRefused('GitHub'));
    case 'forbidden':
      return notDeployed('GitHub refused the bot permission', permissionRefused('GitHub'));
    case 'invalid': {
      const reason = escapeCut(outcome.message.split('\n')[0] ?? '', 300);
      return notDeployed('GitHub refused the request', `GitHub refused the deployment as invalid: ${reason}`);
    }
  }
}

function contextLine(ctx: FailingContext): string {
  return `• ${escapeCut(ctx.context, 100)}: ${escapeMrkdwn(ctx.state)}`;
}
