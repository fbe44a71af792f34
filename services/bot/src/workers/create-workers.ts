import type { JobWorkerBase } from '@chatops/shared/runtime';
import type { Worker } from 'bullmq';
import type { CommandDeps } from '../handlers/command-context.js';
import { createCommandWorker } from './create-command-worker.js';

/** The bot's one worker: `chat-commands` (slash commands and button presses). */
export function createWorkers(base: JobWorkerBase, deps: CommandDeps): Worker[] {
  return [createCommandWorker(base, deps)];
}
