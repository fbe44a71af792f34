import { type DialogKind, safeRefSchema } from '@chatops/shared/contracts';
import type { ParsedCommand } from '../commands/parse-command.js';
import { parseDeployOptions } from '../commands/parse-deploy-options.js';
import { environmentBlockId, FIELDS, refBlockId, targetBlockId } from './dialog-ids.js';

/** What one input element of a submitted view holds (`view.state.values[block_id][action_id]`). */
type ElementState = {
  value?: string | null;
  selected_option?: { value: string } | null;
  selected_options?: Array<{ value: string }> | null;
};
export type StateValues = Record<string, Record<string, ElementState>>;

/** Errors by block_id, as Slack shows them next to the fields (`response_action: errors`). */
export type FieldErrors = Record<string, string>;

/** The typed command a submit comes to (and, for a rollback, the deployment picked), or what to fix. */
export type ReadSubmission =
  | { ok: true; parsed: ParsedCommand; app: string; environment: string; rollbackTo?: number }
  | { ok: false; errors: FieldErrors };

const MAX_PARAM_LINES = 20;

/**
 * Reads a dialog's submitted fields into the command the person could have typed, checking what the
 * typed command's parser checks (ref, task, key=value parameters, reason). Pure.
 */
export function readDialogSubmission(dialog: DialogKind, values: StateValues): ReadSubmission {
  const app = values[FIELDS.app]?.[FIELDS.app]?.selected_option?.value;
  if (!app) return { ok: false, errors: { [FIELDS.app]: 'Pick an app.' } };
  const envBlock = environmentBlockId(app);
  const environment = values[envBlock]?.[FIELDS.environment]?.selected_option?.value;
  if (!environment) return { ok: false, errors: { [envBlock]: 'Pick an environment.' } };
  const text = (block: string) => values[block]?.[block]?.value?.trim() ?? '';
  const picked = (block: string) => values[block]?.[block]?.selected_option?.value;
  const refBlock = refBlockId(app);
  const ref = values[refBlock]?.[FIELDS.ref]?.selected_option?.value;
  const done = (parsed: ParsedCommand, rollbackTo?: number): ReadSubmission => ({
    ok: true,
    parsed,
    app,
    environment,
    ...(rollbackTo ? { rollbackTo } : {}),
  });
  switch (dialog) {
    case 'deploy': {
      if (ref !== undefined && !safeRefSchema.safeParse(ref).success)
        return { ok: false, errors: { [refBlock]: 'That is not a branch, tag or commit name.' } };
      const words: string[] = [];
      const task = text(FIELDS.task);
      if (task) {
        const checked = parseDeployOptions([`task=${task}`]);
        if (!checked.ok) return { ok: false, errors: { [FIELDS.task]: plain(checked.error) } };
        words.push(`task=${task}`);
      }
      const lines = text(FIELDS.params)
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
      if (lines.length > MAX_PARAM_LINES)
        return { ok: false, errors: { [FIELDS.params]: `At most ${MAX_PARAM_LINES} parameters.` } };
      const bad = lines.findIndex((l) => !/^[^=\s]+=/.test(l));
      if (bad >= 0) return { ok: false, errors: { [FIELDS.params]: `Line ${bad + 1} is not key=value.` } };
      const options = parseDeployOptions(lines);
      if (!options.ok) return { ok: false, errors: { [FIELDS.params]: plain(options.error) } };
      const noop = (values[FIELDS.noop]?.[FIELDS.noop]?.selected_options ?? []).some((o) => o.value === 'noop');
      const task_ = task ? { task } : {};
      return done({
        action: 'deploy',
        app,
        environment,
        ...(ref ? { ref } : {}),
        force: false,
        noop,
        ...task_,
        params: options.value.params,
      });
    }
    case 'destroy': {
      if (!ref || !safeRefSchema.safeParse(ref).success)
        return { ok: false, errors: { [refBlock]: 'Pick the branch whose environment to destroy.' } };
      return done({ action: 'destroy', app, ref, environment });
    }
    case 'lock': {
      const duration = Number(picked(FIELDS.duration) ?? 0);
      const reason = text(FIELDS.reason);
      if (reason.length > 500)
        return { ok: false, errors: { [FIELDS.reason]: 'The reason is too long (at most 500 characters).' } };
      return done({
        action: 'lock',
        app,
        environment,
        reason,
        ...(Number.isSafeInteger(duration) && duration > 0 ? { duration_ms: duration } : {}),
      });
    }
    case 'rollback': {
      const block = targetBlockId(app, environment);
      if (!values[block])
        return { ok: false, errors: { [envBlock]: 'There is no earlier successful deployment here to go back to.' } };
      const to = Number(values[block]?.[FIELDS.target]?.selected_option?.value ?? Number.NaN);
      if (!Number.isSafeInteger(to) || to <= 0)
        return { ok: false, errors: { [block]: 'Pick the deployment to roll back to.' } };
      return done({ action: 'rollback', app, environment }, to);
    }
  }
}

/** A parser's answer shown as a field's error: plain text (no mrkdwn backquotes). */
function plain(text: string): string {
  return text.replace(/`/g, '');
}
