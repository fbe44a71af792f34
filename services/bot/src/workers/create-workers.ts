import type { JobWorkerBase } from '@chatops/shared/runtime';
import type { Worker } from 'bullmq';
import type { CommandDeps } from '../handlers/command-context.js';
import { createCommandWorker } from './create-command-worker.js';
import { createLockTimerWorker } from './create-lock-timer-worker.js';

/** The bot's workers: `chat-commands` (slash commands and button presses), then `lock-timers` (a lock's timers). */
export function createWorkers(base: JobWorkerBase, deps: CommandDeps): Worker[] {
  return [createCommandWorker(base, deps), createLockTimerWorker(base, deps)];
}
