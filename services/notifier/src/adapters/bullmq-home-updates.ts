import { homeUpdateJobSchema, jobId } from '@chatops/shared/contracts';
import { DEFAULT_JOB_OPTIONS, addValidatedJob } from '@chatops/shared/runtime';
import type { Queue } from 'bullmq';
import type { HomeUpdates } from '../ports.js';

/** `deployment` jobs on `home-updates` for the bot, one per status (id `home-<deployment id>-<status id>`). */
export function createHomeUpdates(homeUpdates: Queue): HomeUpdates {
  return {
    async tell(update) {
      await addValidatedJob(homeUpdates, homeUpdateJobSchema, 'deployment', update, {
        ...DEFAULT_JOB_OPTIONS,
        jobId: jobId('home', update.deployment_id, update.status_id),
      });
    },
  };
}
