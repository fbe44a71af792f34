/** A CI parameter's value: CircleCI takes strings, integers and booleans. */
export type CiParameter = string | number | boolean;

/** CircleCI's limits on pipeline parameters (API v2, TriggerPipelineParameters). */
export const CIRCLECI_PARAMETER_LIMITS = { entries: 100, keyLength: 128, valueLength: 512 } as const;

/** The deployment as CI parameters: CircleCI's pipeline parameters, Actions' inputs, the shell's DEPLOY_*. */
export function deploymentParameters(
  deployment: { id: number; environment: string; ref: string; sha: string; task: string },
  chatops: { noop: boolean; params: Record<string, CiParameter> } | null,
): Record<string, CiParameter> {
  return {
    chatops_deployment_id: deployment.id,
    chatops_environment: deployment.environment,
    chatops_ref: deployment.ref,
    chatops_sha: deployment.sha,
    chatops_task: deployment.task,
    chatops_noop: chatops?.noop ?? false,
    chatops_params: JSON.stringify(chatops?.params ?? {}),
  };
}

/** What CircleCI would refuse in these parameters, one sentence each (empty: nothing). Pure. */
export function ciParameterProblems(parameters: Record<string, CiParameter>): string[] {
  const { entries, keyLength, valueLength } = CIRCLECI_PARAMETER_LIMITS;
  const problems: string[] = [];
  const all = Object.entries(parameters);
  if (all.length > entries) problems.push(`${all.length} CI parameters, more than the ${entries} CircleCI takes`);
  for (const [key, value] of all) {
    if (key.length > keyLength) problems.push(`the CI parameter name ${key.slice(0, 20)}… is longer than ${keyLength}`);
    const length = String(value).length;
    if (length > valueLength) {
      problems.push(`${key} would be ${length} characters long, more than the ${valueLength} CircleCI takes`);
    }
  }
  return problems;
}
