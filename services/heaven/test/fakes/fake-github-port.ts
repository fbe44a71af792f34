import type { GitHubPort, Repo, StatusInput } from '../../src/ports.js';

const unused = (name: string) => async (): Promise<never> => {
  throw new Error(`fake GitHub port: ${name} not expected in this test`);
};

/** A GitHub port that records posted statuses and answers latestStatus from them. */
export function createFakeGitHubPort() {
  const posted: Array<{ repo: Repo; id: number; status: StatusInput }> = [];
  const port = {
    async createStatus(repo: Repo, id: number, status: StatusInput) {
      posted.push({ repo, id, status });
    },
    async latestStatus(_repo: Repo, id: number) {
      const last = posted.filter((p) => p.id === id).at(-1);
      return last ? { state: last.status.state, description: last.status.description } : null;
    },
    listDeployments: unused('listDeployments'),
    createDeployment: unused('createDeployment'),
    defaultBranchHead: unused('defaultBranchHead'),
    isGreen: unused('isGreen'),
    compare: unused('compare'),
    dispatchWorkflow: unused('dispatchWorkflow'),
    findWorkflowRun: unused('findWorkflowRun'),
    getWorkflowRun: unused('getWorkflowRun'),
    cancelWorkflowRun: unused('cancelWorkflowRun'),
  } satisfies GitHubPort;
  return { port, posted };
}
