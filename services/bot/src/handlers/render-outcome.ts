import type { CreateOutcome, FailingContext } from '../ports.js';

export type OutcomeContext = {
  mention: string;
  what: string;
  environment: string;
  repository: string;
  ref: string;
  /** The command that forces it, when this person may force; else who may. */
  forceHint: string;
};

/** The in-channel message (`channel`) and the answer to the person (`person`) for a final GitHub answer. Pure. */
export function renderOutcome(
  outcome: Exclude<CreateOutcome, { kind: 'merged' }>,
  c: OutcomeContext,
): { channel: string; person: string } {
  const notDeployed = `${c.mention} could not deploy ${c.what} to *${c.environment}*`;
  switch (outcome.kind) {
    case 'created': {
      const { id } = outcome;
      return {
        channel:
          `${c.mention} is deploying ${c.what} (\`${outcome.sha.slice(0, 7)}\`) to *${c.environment}*: ` +
          `deployment #${id} created.`,
        person: `Deployment #${id} of ${c.what} to ${c.environment} created. Its progress shows in the channel.`,
      };
    }
    case 'checks':
      return {
        channel: `${notDeployed}: its status checks are not all green.`,
        person: [
          `GitHub refused to deploy \`${c.ref}\`: its status checks are not all green.`,
          ...outcome.contexts.map(contextLine),
          c.forceHint,
        ].join('\n'),
      };
    case 'conflict':
      return {
        channel: `${notDeployed}: merge conflict.`,
        person:
          `GitHub could not merge the default branch into \`${c.ref}\` because of a merge conflict. ` +
          `Merge or rebase \`${c.ref}\` and deploy again.`,
      };
    case 'unknown-repo':
      return {
        channel: `${notDeployed}: unknown repository.`,
        person: `GitHub does not know the repository ${c.repository}, or the bot has no access to it.`,
      };
    case 'unknown-ref':
      return {
        channel: `${notDeployed}: unknown ref.`,
        person: `GitHub does not know \`${c.ref}\` in ${c.repository}. Check the branch, tag or sha.`,
      };
    case 'invalid':
      return {
        channel: `${notDeployed}: GitHub refused the request.`,
        person: `GitHub refused the deployment as invalid: ${outcome.message.split('\n')[0]}`,
      };
  }
}

function contextLine(ctx: FailingContext): string {
  return `• ${ctx.context}: ${ctx.state}`;
}
