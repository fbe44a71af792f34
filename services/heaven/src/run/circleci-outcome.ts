import type { CircleWorkflow, Observation } from '../ports.js';

const RUNNING = new Set(['running', 'failing', 'not_running']);

/**
 * What a pipeline's workflows mean for the deployment: it succeeds only when all of them do;
 * `on_hold` waits for an approval; a failure is `failure`; error/unauthorized/canceled are `error`.
 */
export function circleciOutcome(workflows: CircleWorkflow[], pipelineErrored = false): Observation {
  if (pipelineErrored)
    return {
      phase: 'done',
      outcome: 'error',
      description: 'CircleCI could not start the pipeline (configuration error)',
    };
  if (workflows.length === 0) return { phase: 'pending', description: 'CircleCI pipeline created, no workflow yet' };
  const names = (status: string) =>
    workflows
      .filter((w) => w.status === status)
      .map((w) => w.name)
      .join(', ');
  if (workflows.some((w) => w.status === 'failed'))
    return { phase: 'done', outcome: 'failure', description: `CircleCI workflow failed: ${names('failed')}` };
  for (const bad of ['error', 'unauthorized', 'canceled', 'not_run']) {
    if (workflows.some((w) => w.status === bad))
      return { phase: 'done', outcome: 'error', description: `CircleCI workflow ${bad}: ${names(bad)}` };
  }
  if (workflows.some((w) => RUNNING.has(w.status)))
    return { phase: 'running', description: `CircleCI running: ${workflows.map((w) => w.name).join(', ')}` };
  if (workflows.some((w) => w.status === 'on_hold'))
    return { phase: 'on_hold', description: `waiting for approval in CircleCI (${names('on_hold')})` };
  if (workflows.every((w) => w.status === 'success')) {
    return {
      phase: 'done',
      outcome: 'success',
      description:
        `CircleCI ${workflows.length > 1 ? `all ${workflows.length} workflows` : `workflow ${workflows[0]!.name}`}` +
        ' succeeded',
    };
  }
  return {
    phase: 'running',
    description: `CircleCI status: ${workflows.map((w) => `${w.name} ${w.status}`).join(', ')}`,
  };
}

/** GitHub Actions run status/conclusion → observation. */
export function actionsOutcome(status: string, conclusion: string | null): Observation {
  if (status !== 'completed') {
    if (status === 'waiting') return { phase: 'on_hold', description: 'waiting for approval in GitHub Actions' };
    return { phase: status === 'in_progress' ? 'running' : 'pending', description: `GitHub Actions run ${status}` };
  }
  if (conclusion === 'success')
    return { phase: 'done', outcome: 'success', description: 'GitHub Actions run succeeded' };
  if (conclusion === 'failure') return { phase: 'done', outcome: 'failure', description: 'GitHub Actions run failed' };
  return { phase: 'done', outcome: 'error', description: `GitHub Actions run ended: ${conclusion ?? 'unknown'}` };
}
