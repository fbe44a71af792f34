import { freezeAt } from '@chatops/shared/contracts';
import { describeFreezeRefusal } from './describe.js';
import type { RunContext, RunDeps } from './run-context.js';

/**
 * Why a freeze refuses this deployment now, or null: none holds, or the bot signed an overrider's
 * `force` with a reason into its payload (a deployment made in GitHub's UI, or with a payload that
 * does not verify, never passes).
 */
export async function freezeRefusal(
  deps: Pick<RunDeps, 'apps' | 'freezes' | 'clock' | 'log'>,
  run: RunContext,
): Promise<string | null> {
  const adHocs = await deps.freezes.list(run.appName);
  const verdict = freezeAt(deps.apps, run.appName, run.configEnvironment, deps.clock.now(), adHocs);
  if (!verdict.frozen) return null;
  if (run.chatops?.forced && run.chatops.force_reason) {
    deps.log.info(
      { deploymentId: run.deployment.id, by: run.chatops.requester.slack_user_id, reason: run.chatops.force_reason },
      'deployment forced past a freeze',
    );
    return null;
  }
  return describeFreezeRefusal(run.deployment.environment, verdict);
}
