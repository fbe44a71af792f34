import type { DialogKind } from '@chatops/shared/contracts';

/** The `callback_id` of each dialog's modal: its submit comes back as a `view_submission` with it. */
export const DIALOG_CALLBACK_IDS: Record<DialogKind, string> = {
  deploy: 'chatops_deploy_dialog',
  rollback: 'chatops_rollback_dialog',
  lock: 'chatops_lock_dialog',
  destroy: 'chatops_destroy_dialog',
};

/** The global shortcuts of the app manifest (`callback_id`), each opening its dialog. */
export const GLOBAL_SHORTCUTS: Record<string, DialogKind> = {
  deploy: 'deploy',
  rollback: 'rollback',
  lock: 'lock',
  destroy: 'destroy',
};

/** The message shortcut "Deploy from here": the deploy dialog, its message posted in that channel. */
export const MESSAGE_SHORTCUTS: Record<string, DialogKind> = { deploy_message: 'deploy' };

/**
 * Buttons elsewhere (the Home tab) that open a dialog: `action_id` one of these, `value` the JSON
 * `{"app":"api","environment":"staging"}` (both optional) to preselect.
 */
export const OPEN_DIALOG_ACTIONS: Record<string, DialogKind> = {
  open_deploy_dialog: 'deploy',
  open_rollback_dialog: 'rollback',
  open_lock_dialog: 'lock',
  open_destroy_dialog: 'destroy',
};

/** The blocks and elements of the dialogs (block_id: what a submit's errors are keyed by). */
export const FIELDS = {
  app: 'app',
  /** The environment's block is `environment:<app>`: a new app drops the environment picked for the last one. */
  environment: 'environment',
  ref: 'ref',
  noop: 'noop',
  task: 'task',
  params: 'params',
  /** Rollback: the deployment to roll back to (block `target:<app>:<environment>`). */
  target: 'target',
  duration: 'duration',
  reason: 'reason',
} as const;

export const environmentBlockId = (app: string) => `${FIELDS.environment}:${app}`;
/** The ref's block is `ref:<app>`: another app's branch is not kept when the app changes. */
export const refBlockId = (app: string) => `${FIELDS.ref}:${app}`;
export const targetBlockId = (app: string, environment: string) => `${FIELDS.target}:${app}:${environment}`;
