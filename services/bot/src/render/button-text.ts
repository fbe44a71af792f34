import type { DeploymentButton } from '@chatops/shared/contracts';

const LABEL: Record<DeploymentButton['action'], string> = {
  promote: 'Promote',
  rollback: 'Rollback',
  cancel: 'Cancel',
};

/** What a presser is told privately when a button on a deployment's message does nothing. Pure. */
export function buttonRefusals(slashCommand: string) {
  return {
    unknown: `I no longer know this button (a button lasts 30 days). Use \`${slashCommand}\` instead.`,
    pressedAlready: (b: DeploymentButton) =>
      `You pressed ${LABEL[b.action]} on the message of deployment #${b.deployment_id} already; ` +
      'it counts once. What it did is in the channel.',
    notNewest: (b: DeploymentButton, newest: number) =>
      `Deployment #${b.deployment_id} is no longer the newest of ${b.app} ${b.environment} (#${newest} is): ` +
      `nothing was rolled back. To roll back the newest one: \`${slashCommand} rollback ${b.app} ${b.environment}\`.`,
    ended: (b: DeploymentButton, state: string) =>
      `Deployment #${b.deployment_id} of ${b.app} to ${b.environment} is no longer running (${state}): ` +
      'nothing to cancel.',
  };
}
