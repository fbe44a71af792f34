import type {
  CreateOutcome,
  DeploymentRequest,
  DeploymentSummary,
  GitHubPort,
  ProtectionReview,
} from '../../src/ports.js';

/**
 * GitHub as a script: `createDeployment` answers the queued outcomes in turn (then "created" with
 * the next id), the lists answer what the test put in them. Every creation is recorded.
 */
export function createScriptedGitHub(options: { defaultBranch?: string } = {}) {
  const answers: CreateOutcome[] = [];
  const requests: Array<{ repository: string; request: DeploymentRequest }> = [];
  const deployments: DeploymentSummary[] = [];
  const statuses = new Map<number, Array<{ state: string; created_at: string }>>();
  const reviews: Array<ProtectionReview & { repository: string; run_id: number }> = [];
  let nextId = 100;
  return {
    reviews,
    answers,
    requests,
    deployments,
    statuses,
    github: {
      async defaultBranch(_repository) {
        return options.defaultBranch ?? 'main';
      },
      async commitSha(_repository, ref) {
        return /^[0-9a-f]{40}$/.test(ref) ? ref : 'b'.repeat(40);
      },
      async compare(_repository, base, head) {
        return { htmlUrl: `https://github.com/acme/api/compare/${base}...${head}`, total: 0, commits: [] };
      },
      async createDeployment(repository, request) {
        requests.push({ repository, request });
        const answer = answers.shift();
        if (answer) return answer;
        nextId += 1;
        return { kind: 'created', id: nextId, sha: 'a'.repeat(40) };
      },
      async listDeployments(_repository, filter) {
        const env = filter.environment;
        return deployments.filter((d) => !env || d.environment === env).slice(0, filter.perPage);
      },
      async listStatuses(_repository, deploymentId) {
        return statuses.get(deploymentId) ?? [];
      },
      async reviewProtectionRule(repository, runId, review) {
        reviews.push({ repository, run_id: runId, ...review });
      },
    } satisfies GitHubPort,
  };
}
