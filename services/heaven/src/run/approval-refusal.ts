import { approvalsMissing } from '@chatops/shared/contracts';
import type { RunContext } from './run-context.js';

/**
 * Why an environment's `approval` refuses this deployment, or null: it has none, or the bot signed
 * at least `required` distinct approvers (never the requester) into the payload. A deployment made
 * in GitHub's UI, by another tool or with chat data that does not verify never passes. Pure.
 */
export function approvalRefusal(run: RunContext): string | null {
  const approval = run.app.environments[run.configEnvironment]?.approval;
  if (!approval) return null;
  const missing = approvalsMissing(
    approval.required,
    run.chatops?.requester.slack_user_id,
    run.chatops?.approvals ?? [],
  );
  if (missing === 0) return null;
  const needed = approval.required === 1 ? 'an approval' : `${approval.required} approvals`;
  return `${run.deployment.environment} needs ${needed} in Slack: deploy it with /deploy, which asks the approvers`;
}
