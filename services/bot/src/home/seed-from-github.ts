import { deploymentStateSchema, type HomeUpdateJob } from '@chatops/shared/contracts';
import type { Logger } from '@chatops/shared/runtime';
import type { CommandDeps } from '../handlers/command-context.js';
import type { HomeStore } from '../ports.js';

/** How many of an environment's newest deployments are read from GitHub when Home knows none. */
const SEED_DEPLOYMENTS = 5;
/** GitHub is asked again for an environment at most this often (none found, or GitHub failed). */
const SEED_AGAIN_S = 10 * 60;

type SeedDeps = Pick<CommandDeps, 'github' | 'marks'> & { home: HomeStore };

/**
 * What Home shows of an environment it has heard nothing of yet (a new install, or nothing deployed
 * since the notifier tells the bot): its newest deployments and their last state, read from GitHub
 * (in the worker) and kept in the Home store as if the notifier had said so, with status id 0, so any
 * status the notifier tells replaces them. Asked at most every 10 minutes per environment; a GitHub
 * failure leaves it empty (logged). Returns whether GitHub was asked.
 */
export async function seedFromGitHub(
  deps: SeedDeps,
  at: { app: string; repository: string; environment: string },
  log: Logger,
): Promise<boolean> {
  const mark = `home-seeded-${at.repository}-${at.app}-${at.environment}`;
  if (await deps.marks.recall(mark)) return false;
  await deps.marks.remember(mark, '1', SEED_AGAIN_S);
  try {
    const deployments = await deps.github.listDeployments(at.repository, {
      environment: at.environment,
      perPage: SEED_DEPLOYMENTS,
    });
    for (const d of deployments) {
      const [latest] = await deps.github.listStatuses(at.repository, d.id);
      const state = deploymentStateSchema.safeParse(latest?.state);
      if (!latest || !state.success) continue;
      const update: HomeUpdateJob = {
        app: at.app,
        repository: at.repository,
        environment: at.environment,
        github_environment: d.environment.slice(0, 255),
        deployment_id: d.id,
        status_id: 0,
        state: state.data,
        ref: d.ref.slice(0, 255),
        sha: d.sha.slice(0, 64),
        task: d.task.slice(0, 100),
        requester: d.creator ? { github_login: d.creator.slice(0, 100) } : {},
        log_url: null,
        created_at: d.created_at,
        updated_at: latest.created_at,
      };
      await deps.home.record(update);
    }
  } catch (e) {
    log.warn({ err: e, ...at }, 'could not read what runs there from GitHub');
  }
  return true;
}
