import { ciParameterProblems, deploymentParameters, type AppConfig } from '@chatops/shared/contracts';

/** A deployment id and a sha at their longest: the parameters are counted as heaven will send them. */
const LONGEST_ID = 10 ** 12;
const ANY_SHA = '0'.repeat(40);

/**
 * Why CircleCI would refuse the pipeline heaven triggers for this deployment (its limits on
 * parameters: the app's configured `circleci.parameters` and chatops' own, `chatops_params` being
 * the JSON of the person's key=value pairs), as the answer to the person; null when it would not.
 * Only apps on CircleCI are checked. Pure.
 */
export function ciParameterRefusal(
  app: AppConfig,
  deployment: { environment: string; ref: string; task: string },
  chatops: { noop: boolean; params: Record<string, string> },
): string | null {
  if (app.provider !== 'circleci') return null;
  const parameters = {
    ...(app.circleci?.parameters ?? {}),
    ...deploymentParameters({ id: LONGEST_ID, sha: ANY_SHA, ...deployment }, chatops),
  };
  const problems = ciParameterProblems(parameters);
  if (problems.length === 0) return null;
  return (
    `CircleCI would refuse this deployment: ${problems.join('; ')}. ` +
    'Nothing was deployed; send fewer or shorter key=value params.'
  );
}
