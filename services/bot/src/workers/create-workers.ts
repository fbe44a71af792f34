import type { JobWorkerBase } from '@chatops/shared/runtime';
import type { Worker } from 'bullmq';
import type { SlackEventDeps } from '../handlers/slack-event.js';
import type { DialogDeps } from '../handlers/dialog-job.js';
import type { HomeTabDeps } from '../home/home-tab.js';
import { createCommandWorker } from './create-command-worker.js';
import { createDialogWorker } from './create-dialog-worker.js';
import { createHomeWorkers } from './create-home-workers.js';
import { createLockTimerWorker } from './create-lock-timer-worker.js';
import { createProtectionRuleWorker } from './create-protection-rule-worker.js';
import { createSlackEventWorker } from './create-slack-event-worker.js';

/**
 * The bot's workers: `chat-commands` (slash commands and button presses), `lock-timers` (a lock's
 * timers), then `protection-rules` (GitHub Actions runs waiting at a custom deployment protection rule),
 * then the Home tab's (`home-updates`, `home-tab`), then `dialogs` (open and update dialogs, refresh refs).
 */
export function createWorkers(base: JobWorkerBase, deps: HomeTabDeps & DialogDeps & SlackEventDeps): Worker[] {
  return [
    createCommandWorker(base, deps),
    createLockTimerWorker(base, deps),
    createProtectionRuleWorker(base, deps),
    ...createHomeWorkers(base, deps),
    createDialogWorker(base, deps),
    createSlackEventWorker(base, deps),
  ];
}
